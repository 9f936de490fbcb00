// The HTTP server's request listener. A request for a mounted module goes from the server straight
// to the front middleware (request id, headers, log, body, token) and then to its module, past the
// host's Express router: module prefixes never overlap the host's paths (prefixes.ts), so nothing
// there could answer it, and a module route then costs what the same route costs on a bare Express
// app. Every other request, and `server.app` used on its own, takes the whole Express stack, which
// runs the same middleware and the same dispatcher.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, NextFunction, Response } from 'express';
import type { Middleware } from '../http/front.js';
import type { ServerRequest } from '../http/types.js';
import type { Dispatcher } from './Dispatcher.js';

export interface ModuleFirstOptions {
  app: Express;
  dispatcher: Dispatcher;
  /** The front middleware (see front), without the dispatcher. */
  front: Middleware;
  /** What the host answers when the module's routers did not (no route: 404). */
  notFound: (req: ServerRequest, res: Response) => void;
  errorHandler: (err: unknown, req: ServerRequest, res: Response, next: NextFunction) => void;
}

export function moduleFirst({ app, dispatcher, front, notFound, errorHandler }: ModuleFirstOptions) {
  const { request, response } = app as unknown as { request: object; response: object };
  return function onRequest(incoming: IncomingMessage, outgoing: ServerResponse): void {
    const hit = dispatcher.match(incoming.url ?? '/');
    if (!hit) {
      app(incoming, outgoing);
      return;
    }
    // What Express 5's app.handle and the top of Router#handle set up before the first middleware.
    const req = incoming as unknown as ServerRequest & { res: Response; baseUrl: string; originalUrl: string };
    const res = outgoing as unknown as Response & { req: ServerRequest; locals: Record<string, unknown> };
    req.res = res;
    res.req = req;
    // Requests made by shapedMessages(app) have Express's prototypes and these fields already.
    if (Object.getPrototypeOf(req) !== request) {
      Object.setPrototypeOf(req, request);
      req.baseUrl = '';
    }
    if (Object.getPrototypeOf(res) !== response) {
      Object.setPrototypeOf(res, response);
      res.locals = Object.create(null);
    }
    req.originalUrl = req.url;
    // One continuation for the request: first from the front middleware into the module, then from
    // the module (nothing answered, or an error) to the host's 404 or error handler.
    let dispatched = false;
    const next = (err?: unknown): void => {
      const failed = err !== undefined && err !== null && err !== 'router' && err !== 'route';
      if (!failed && !dispatched) {
        dispatched = true;
        dispatcher.handle(hit, req, res, next);
      } else if (!failed) {
        notFound(req, res);
      } else {
        // After the error handler nothing can be said (it passes on only when headers were sent).
        errorHandler(err, req, res, () => { req.socket?.destroy(); });
      }
    };
    // A middleware that throws is an error of this request, as in an Express layer.
    try {
      front(req, res, next);
    } catch (err) {
      next(err ?? new Error('thrown'));
    }
  };
}
