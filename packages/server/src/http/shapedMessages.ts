// Request and response constructors for the hub's HTTP server. Express 5 gives every request its
// app's prototypes with Object.setPrototypeOf and then adds fields to it as it passes (req.res,
// baseUrl, originalUrl, next, params, locals, ...). Both change the object's hidden class, and on a
// small route that costs more than everything else Express does. Objects made here are born with
// app.request / app.response as their prototypes (Express's setPrototypeOf is then a no-op) and
// with those fields in place (setting them is a plain store).
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

export interface ShapedMessages {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
}

type Constructor = new (...args: any[]) => object;

export function shapedMessages(app: Express): ShapedMessages {
  const { request, response } = app as unknown as { request: object; response: object };

  // Only fields that are own data properties at run time, never a name Express or Node define as an
  // accessor on the prototype (query, path, ip, headers, ...), which a field would hide.
  function HubIncomingMessage(this: Record<string, unknown>, socket: Socket): void {
    (IncomingMessage as unknown as (this: unknown, ...args: unknown[]) => void).call(this, socket);
    this.res = undefined;
    this.next = undefined;
    this.baseUrl = '';
    this.originalUrl = undefined;
    this.params = undefined;
    this.route = undefined;
    this.body = undefined;
    this.requestId = undefined;
    this.hubModule = undefined;
    this.hubUser = undefined;
    this.hubTokenId = undefined;
    // pino-http's, when requests are logged.
    this.id = undefined;
    this.log = undefined;
    this.allLogs = undefined;
  }
  function HubServerResponse(this: Record<string, unknown>, req: IncomingMessage, options?: object): void {
    (ServerResponse as unknown as (this: unknown, ...args: unknown[]) => void).call(this, req, options);
    this.locals = Object.create(null);
    this.hubStats = undefined;
    this.hubStarted = 0;
    this.log = undefined;
    this.allLogs = undefined;
  }
  HubIncomingMessage.prototype = request;
  HubServerResponse.prototype = response;
  return {
    IncomingMessage: HubIncomingMessage as unknown as Constructor as typeof IncomingMessage,
    ServerResponse: HubServerResponse as unknown as Constructor as typeof ServerResponse,
  };
}
