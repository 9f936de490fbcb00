import { createWebHistory } from 'vue-router';
import { createAdmin } from './createAdmin';
import { watchHeadings } from './a11y';
import { followDevReloads } from './runtime/devReload';
import { withEarlyAnswers } from './earlyAnswers';

// The first calls take the answers index.html's inline script already asked for (earlyAnswers.ts).
const early = withEarlyAnswers((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
const { app, router, runtime } = createAdmin({ history: createWebHistory(import.meta.env.BASE_URL), fetch: early });
router.isReady().finally(() => { app.mount('#app'); watchHeadings(); });
followDevReloads(runtime);
