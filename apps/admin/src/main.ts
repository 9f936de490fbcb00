import { createWebHistory } from 'vue-router';
import { createAdmin } from './createAdmin';
import { watchHeadings } from './a11y';
import { followDevReloads } from './runtime/devReload';

const { app, router, runtime } = createAdmin({ history: createWebHistory(import.meta.env.BASE_URL) });
router.isReady().finally(() => { app.mount('#app'); watchHeadings(); });
followDevReloads(runtime);
