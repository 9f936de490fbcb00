import type { NextFunction, Request, Response } from 'express';

type Handler = (req: any, res: Response, next: NextFunction) => void;

/** Runs middlewares in order as one Express layer (fewer layers on the path every request takes). */
export function compose(handlers: Handler[]) {
  return function composed(req: Request, res: Response, next: NextFunction): void {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined && err !== null) { next(err); return; }
      const h = handlers[i++];
      if (!h) { next(); return; }
      try { h(req, res, step); } catch (e) { next(e); }
    };
    step();
  };
}
