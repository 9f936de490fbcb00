import { createWebHistory } from 'vue-router';
import { createAdmin } from './createAdmin';

const { app, router } = createAdmin({ history: createWebHistory(import.meta.env.BASE_URL) });
router.isReady().finally(() => app.mount('#app'));
