// Admin entry of __name__, built to dist/admin/index.js and loaded by the admin at run time.
// Routes are relative to /m/__name__.
import ItemList from './ItemList.vue';

export default {
  routes: [{ path: '', name: '__name__-items', component: ItemList }],
};
