// The component library as module views import it (/admin/vendor/naive-ui.js): all of it.
export * from 'naive-ui';
