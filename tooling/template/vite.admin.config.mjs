// Builds src/admin/index.ts to dist/admin/index.js, the entry the Hub admin loads at run time
// (one ES module; vue, vue-router and pinia come from the admin). See @hub/tooling/admin-preset.
import { hubAdminPreset } from '@hub/tooling/admin-preset';

export default hubAdminPreset({ root: import.meta.dirname });
