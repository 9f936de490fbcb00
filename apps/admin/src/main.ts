import { createWebHistory } from 'vue-router';
import { createAdmin } from './createAdmin';
import { watchHeadings } from './a11y';

const { app, router } = createAdmin({ history: createWebHistory(import.meta.env.BASE_URL) });
router.isReady().finally(() => { app.mount('#app'); watchHeadings(); });
