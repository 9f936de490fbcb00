// A route may only name a permission that some module declares: its own module (in
// `permissions`), or the installed module the permission is named after ("contacts.read" belongs
// to contacts). A typo would otherwise make a route nobody but superusers can call, silently.
import type { MountProblem } from './ModuleMounter.js';

export const ROUTE_PERMISSION_UNDECLARED = 'HUB_ROUTE_PERMISSION_UNDECLARED';

export function undeclaredPermission(module: string, permission: string, route: string, declared: Map<string, Set<string>>): MountProblem | undefined {
  const owner = permission.split('.')[0];
  const list = declared.get(owner);
  if (list?.has(permission)) return undefined;
  const who = owner === module ? `"${module}" does not declare it` : list ? `module "${owner}" does not declare it` : `no installed module "${owner}" declares it`;
  return {
    code: ROUTE_PERMISSION_UNDECLARED,
    message: `Route ${route} of module "${module}" needs permission "${permission}", but ${who}. ` +
      `Add it to \`permissions\` in defineModule (names are "<module>.<action>"), or name a permission of a module "${module}" depends on.`,
  };
}
