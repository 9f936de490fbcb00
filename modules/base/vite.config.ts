// Builds src/admin/index.ts to dist/admin/index.js, the entry the admin app loads at run time.
import { hubAdminPreset } from '@hub/tooling/admin-preset';
export default hubAdminPreset();
