// @hub/kit/errors: the error catalog and HubError without the rest of the kit (no zod, drizzle or
// Express), for processes that only report errors, such as the CLI before it runs a command.
export * from './errorCatalog.js';
export { HubError, isHubError, rootCause, rootCauseMessage, type HubErrorOptions } from './errors.js';
