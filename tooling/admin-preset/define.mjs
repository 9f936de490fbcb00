// Identity helper for a module's admin entry: `export default defineAdminEntry({ routes })`.
// Import it from '@hub/tooling/admin-preset/define' only if you like the typing; a plain object works.
export const defineAdminEntry = (entry) => entry;
