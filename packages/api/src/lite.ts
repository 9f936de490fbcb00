// @hub/api/lite: the typed client without the schemas, for bundles that must stay small (the
// admin). Requests and answers have the very types of the main entry; answers are not checked at
// runtime here (the server's tests and the admin's fixtures check them against the schemas).
// Nothing in this entry imports zod's runtime.
import { routePaths } from './paths.js';
import { clientOn, type HubClient, type HubClientOptions } from './clientCore.js';
import { readEventStream, trustEvent, type ServerEvent } from './eventStream.js';

/** A client of the host API whose answers are taken as their route's type (not checked). */
export function createHubClient(options: HubClientOptions = {}): HubClient {
  return clientOn(routePaths, options);
}

/** Reads an operation's server-sent events (`step` events, then `done`), taken as typed. */
export function readEvents(res: Response, onEvent: (e: ServerEvent) => void, signal?: AbortSignal): Promise<void> {
  return readEventStream(res, onEvent, trustEvent, signal);
}

export { routePaths, fullPath, pathParams, type RouteName, type RoutePath, type HostApiRoute, type HttpMethod, type AnswerKind } from './paths.js';
export {
  HubApiError, asErrorAnswer, errorOf, errorFrom, routeUrl, queryString,
  type HubClient, type HubClientOptions, type CallOptions, type RouteInput, type RouteAnswer, type InputOf, type AnswerOf, type CallArgs,
} from './clientCore.js';
export type { ServerEvent } from './eventStream.js';
export { ERROR_CODES, isErrorCode, type ErrorCode } from './errorCodes.js';
// The schemas' TypeScript types (ModuleDetail, Plan, Operation, ...), type-only.
export type * from './schemas/common.js';
export type * from './schemas/auth.js';
export type * from './schemas/modules.js';
export type * from './schemas/plans.js';
export type * from './schemas/schema.js';
export type * from './schemas/operations.js';
export type * from './schemas/audit.js';
export type * from './schemas/health.js';
export type * from './schemas/backoffice.js';
export type { HostRoutes } from './routes.js';
