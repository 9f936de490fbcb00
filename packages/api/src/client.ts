// The typed client of @hub/api's main entry: answers are checked against the routes' schemas.
import { hostRoutes } from './routes.js';
import { clientOn, type HubClient, type HubClientOptions } from './clientCore.js';

/** A client of the host API that checks every JSON answer against its route's schema (HUB_ANSWER_INVALID when it does not fit). */
export function createHubClient(options: HubClientOptions = {}): HubClient {
  return clientOn(hostRoutes, options);
}
