export { rolePrefix, moduleRole } from './moduleRole.js';
export { TxRoles } from './TxRoles.js';
export { syncModuleAccess, ensureModuleRole, dropModuleRole, closePublicSchema, type ModuleAccessSpec } from './syncModuleAccess.js';
export { accessSpecOf, dependencyClosure } from './accessSpec.js';
export { permissionDenied } from './permissionDenied.js';
export { checkModuleStatement } from './statementGuard.js';
export { describeAccess } from './describeAccess.js';
export { ApplyRoles } from './ApplyRoles.js';
