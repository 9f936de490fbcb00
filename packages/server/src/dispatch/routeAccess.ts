// Who may call a module route, found before any module code runs: the host checks it first
// (login, then permissions), then its READ_ONLY / DRY_RUN switches, then lets the router answer.
// The route is found the way Express will find it, with the matchers Express built for the
// router's own layers (so paths, parameters, case and trailing slashes agree), in the routers'
// order: overrides first, then the module's own router, nested routers included.
import type { Router } from 'express';
import { ROUTE_SPEC, isPublicAccess, permissionsOf, type RouteSpec } from '@hub/kit';

/** What a request needs. Undeclared routes (and paths no route matches) need a login and nothing else. */
export interface RouteAccess {
  public: boolean;
  permissions: readonly string[];
  /** The route it came from, for messages: "GET /orders/:id". */
  route?: string;
}

export const LOGIN_ONLY: RouteAccess = Object.freeze({ public: false, permissions: Object.freeze([]) as readonly string[] });

type Matcher = (path: string) => false | { path: string };
interface Layer {
  route?: Route;
  handle: ((...args: unknown[]) => unknown) & { stack?: Layer[] };
  matchers?: Matcher[];
  rawPath?: unknown;
  method?: string;
}
interface Route {
  path: unknown;
  stack: Layer[];
  _handlesMethod?: (method: string) => boolean;
}

/** Whether `router` is an Express 5 router this file can read (its layers carry their matchers). */
export function readableRouter(router: unknown): boolean {
  const stack = (router as { stack?: Layer[] })?.stack;
  return Array.isArray(stack) && stack.every((l) => Array.isArray(l.matchers));
}

interface Found { access?: RouteAccess; inheritedPublic: boolean; inherited: string[] }

function ofRoute(route: Route, method: string, inherited: string[], inheritedPublic: boolean): RouteAccess {
  const spec = (route as unknown as Record<symbol, RouteSpec | undefined>)[ROUTE_SPEC];
  const permissions = [...inherited];
  let isPublic = inheritedPublic;
  if (spec) {
    if (spec.permission !== undefined) permissions.push(...([] as string[]).concat(spec.permission));
    if (spec.public === true) isPublic = true;
  } else {
    for (const layer of route.stack) {
      if (layer.method !== undefined && layer.method !== method.toLowerCase() && !(method === 'HEAD' && layer.method === 'get')) continue;
      const named = permissionsOf(layer.handle);
      if (named) permissions.push(...named);
      if (isPublicAccess(layer.handle)) isPublic = true;
    }
  }
  return { public: isPublic && permissions.length === 0, permissions: [...new Set(permissions)], route: `${method} ${String(route.path)}` };
}

function search(stack: Layer[], method: string, path: string, inherited: string[], inheritedPublic: boolean, depth: number): Found {
  const state: Found = { inheritedPublic, inherited: [...inherited] };
  for (const layer of stack) {
    const matchers = layer.matchers;
    if (!matchers) continue;
    let matched: false | { path: string } = false;
    if (!layer.route && layer.rawPath === '/') matched = { path: '' };
    for (let i = 0; i < matchers.length && !matched; i++) matched = matchers[i](path);
    if (!matched) continue;
    if (layer.route) {
      const route = layer.route;
      if (route._handlesMethod ? !route._handlesMethod(method) : false) continue;
      state.access = ofRoute(route, method, state.inherited, state.inheritedPublic);
      return state;
    }
    const named = permissionsOf(layer.handle);
    if (named) { state.inherited.push(...named); continue; }
    if (isPublicAccess(layer.handle)) { state.inheritedPublic = true; continue; }
    const nested = layer.handle.stack;
    if (Array.isArray(nested) && depth < 16) {
      const rest = path.slice(matched.path.length) || '/';
      const inner = search(nested, method, rest.startsWith('/') ? rest : '/' + rest, state.inherited, state.inheritedPublic, depth + 1);
      if (inner.access) return inner;
    }
  }
  return state;
}

/**
 * The access a request needs, from the first route that would answer it. `path` is relative to
 * the module's prefix, without the query string.
 */
export function routeAccess(routers: readonly Router[], method: string, path: string): RouteAccess {
  let inherited: string[] = [];
  for (const router of routers) {
    const stack = (router as unknown as { stack?: Layer[] }).stack;
    if (!Array.isArray(stack)) continue;
    const found = search(stack, method, path, [], false, 0);
    if (found.access) return found.access;
    if (found.inherited.length) inherited = inherited.concat(found.inherited);
  }
  return inherited.length ? { public: false, permissions: [...new Set(inherited)] } : LOGIN_ONLY;
}

/** What a router declares: every permission it names (apiRoute specs, requirePermission guards) and whether any route is public. */
export function routerFacts(router: Router): { permissions: { permission: string; route: string }[]; anyPublic: boolean } {
  const permissions: { permission: string; route: string }[] = [];
  let anyPublic = false;
  const walk = (stack: Layer[], prefix: string, depth: number) => {
    for (const layer of stack) {
      if (layer.route) {
        const route = layer.route;
        const where = `${prefix}${String(route.path)}`;
        const spec = (route as unknown as Record<symbol, RouteSpec | undefined>)[ROUTE_SPEC];
        const methods = spec ? spec.method.toUpperCase() : [...new Set(route.stack.map((l) => (l.method ?? 'all').toUpperCase()))].join(',');
        const named = spec ? ([] as string[]).concat(spec.permission ?? []) : route.stack.flatMap((l) => [...(permissionsOf(l.handle) ?? [])]);
        if (spec ? spec.public === true : route.stack.some((l) => isPublicAccess(l.handle))) anyPublic = true;
        for (const permission of named) permissions.push({ permission, route: `${methods} ${where}` });
        continue;
      }
      const named = permissionsOf(layer.handle);
      if (named) for (const permission of named) permissions.push({ permission, route: `USE ${prefix}${typeof layer.rawPath === 'string' ? layer.rawPath : '/'}` });
      else if (isPublicAccess(layer.handle)) anyPublic = true;
      else if (Array.isArray(layer.handle.stack) && depth < 16) {
        walk(layer.handle.stack, prefix + (typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''), depth + 1);
      }
    }
  };
  const stack = (router as unknown as { stack?: Layer[] }).stack;
  if (Array.isArray(stack)) walk(stack, '', 0);
  return { permissions, anyPublic };
}
