// @hub/kit: the module author's contract. Nothing here runs at import time or touches the host.
export { defineModule, isHubModule } from './defineModule.js';
export { HubError, isHubError, ModuleDefinitionError, rootCause, rootCauseMessage, type HubErrorOptions } from './errors.js';
export { ERROR_CATALOG, ERROR_CODES, errorCatalogEntry, isHubErrorCode, type HubErrorCode, type ErrorCatalogEntry } from './errorCatalog.js';
export { MODULE_NAME_PATTERN, RESERVED_MODULE_NAMES, RESERVED_NODE_NAMES, moduleNameProblem } from './names.js';
export { readModuleConfig, readHostSwitch, envKey, envPrefix, HOST_SWITCHES } from './config.js';
export { requirePermission, hasPermission } from './requirePermission.js';
export {
  publicAccess, permissionsOf, isPublicAccess, REQUIRED_PERMISSIONS, PUBLIC_ACCESS, ROUTE_SPEC, type PublicAccessMiddleware,
} from './access.js';
export { apiRoute, routeDocs, ROUTE_DOCS, type RouteSpec, type HttpMethod, type ValidatedRequest, type Valid } from './route.js';
export {
  MODULE_BRAND,
  type ModuleDefinition, type HubModule, type ModuleContext, type HookContext, type Hook, type ModuleDb,
  type ModuleSchema, type ModuleMenu, type MigrationStep, type ModuleLogger, type HubModuleServices,
  type ServiceWrapper, type ConfigSchema, type ConfigOf, type HubUser, type HubRequest, type ModuleAccess, type TablePrivilege,
} from './types.js';
export { z } from 'zod';
export { Router } from './router.js';
