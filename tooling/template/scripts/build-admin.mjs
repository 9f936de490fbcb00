// Builds the admin view with Vite and the Hub admin preset when they are installed (they are in
// the Hub monorepo); otherwise says so and leaves the module without admin pages.
const root = new URL('..', import.meta.url).pathname;
let vite;
let preset;
try {
  vite = await import('vite');
  preset = await import('@hub/tooling/admin-preset');
} catch {
  console.log('admin build skipped: install vite, @vitejs/plugin-vue and the Hub admin preset to build src/admin');
  process.exit(0);
}
await vite.build({ ...preset.hubAdminPreset({ root }), configFile: false, logLevel: 'warn' });
