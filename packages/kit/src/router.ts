// express.Router, loaded on its first call: a process that imports the kit without mounting routes
// (the CLI listing modules, the engine planning) never loads Express.
import { createRequire } from 'node:module';
import type express from 'express';

let expressLib: typeof express | undefined;

export const Router: typeof express.Router = ((options?: Parameters<typeof express.Router>[0]) =>
  (expressLib ??= createRequire(import.meta.url)('express') as typeof express).Router(options)) as typeof express.Router;

/** The router type too, so `routes(): Router` reads as it does with Express's own Router. */
export type Router = express.Router;
