// `hub dev` only: a server-sent event stream that tells open admin pages when a module's admin
// bundle was rebuilt, so they import it again and show the new view without a page reload (the
// admin's runtime/devReload.ts). It names modules and a stamp, nothing else; outside `hub dev` the
// route does not exist and the admin page does not ask for it.
import type { Request, Response } from 'express';

/** Where the stream is served; the admin's index.html names it in a <meta name="hub-dev-events"> under hub dev. */
export const DEV_EVENTS_PATH = '/__dev/events';

export class DevEvents {
  private readonly clients = new Set<Response>();

  readonly handler = (req: Request, res: Response): void => {
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    res.write(': hub dev\n\n');
    this.clients.add(res);
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => { clearInterval(ping); this.clients.delete(res); });
  };

  /** The admin bundle of `module` was rebuilt: every open admin page imports it again. */
  adminChanged(module: string): void {
    const data = JSON.stringify({ module, stamp: Date.now().toString(36) });
    for (const res of this.clients) res.write(`event: module-admin\ndata: ${data}\n\n`);
  }

  /** Ends every stream (the server is closing). */
  close(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
