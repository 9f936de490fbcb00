import type { HubRequest } from '@hub/kit';

/** What the server adds to a request. */
export type ServerRequest = HubRequest & {
  /** Name of the module whose routes answer this request, set by the dispatcher. */
  hubModule?: string;
  /** Id of the token the request authenticated with. */
  hubTokenId?: number;
  log?: { info: (...a: unknown[]) => void; warn: (...a: unknown[]) => void; error: (...a: unknown[]) => void };
};
