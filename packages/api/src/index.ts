// @hub/api: the host API's wire contract (zod schemas, route table, error codes) and a typed client.
export { ERROR_CODES, isErrorCode, type ErrorCode } from './errorCodes.js';
export * from './schemas/common.js';
export * from './schemas/auth.js';
export * from './schemas/modules.js';
export * from './schemas/plans.js';
export * from './schemas/schema.js';
export * from './schemas/operations.js';
export * from './schemas/audit.js';
export * from './schemas/health.js';
export * from './schemas/backoffice.js';
export {
  hostRoutes, routePaths, fullPath, pathParams, type HostApiRoute, type HostRoutes, type RouteName, type RoutePath, type HttpMethod, type AnswerKind,
} from './routes.js';
export { createHubClient } from './client.js';
export {
  HubApiError, asErrorAnswer, errorOf, errorFrom, readAnswer, routeUrl, queryString,
  type HubClient, type HubClientOptions, type CallOptions, type RouteInput, type RouteAnswer, type InputOf, type AnswerOf, type CallArgs,
} from './clientCore.js';
export { readEvents, type ServerEvent } from './events.js';
export { answerProblems, undocumentedMembers } from './contract.js';
