// The first page's two calls (who am I, the installed modules) do not wait for the app's code: a
// small inline script in index.html (EARLY_REQUESTS_SCRIPT, added by vite.config.ts) starts them
// with the stored token while the JavaScript downloads, and withEarlyAnswers hands each answer to
// the app's first identical request (same path, GET, same token), once. Anything else, or a later
// request, goes to the network as usual.

/** The paths asked for early: what the boot guard asks first (session.restore, modules.refresh). */
export const EARLY_PATHS = ['/api/v1/auth/me', '/api/v1/modules'] as const;

/** The inline script: plain ES5, no imports; skipped on the login page and without a token. */
export const EARLY_REQUESTS_SCRIPT = `(function(){try{var t=localStorage.getItem("hub.token");`
  + `if(!t||/^\\/admin\\/login/.test(location.pathname))return;var o={headers:{authorization:"Bearer "+t}},a={};`
  + `${JSON.stringify(EARLY_PATHS)}.forEach(function(p){a[p]=fetch(p,o)});window.__hubEarly={token:t,answers:a}}catch(e){}})();`;

interface Early { token: string; answers: Record<string, Promise<Response> | undefined> }

export function withEarlyAnswers(base: typeof fetch, early: Early | undefined = (globalThis as { __hubEarly?: Early }).__hubEarly): typeof fetch {
  if (!early) return base;
  return (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, globalThis.location?.href);
    const path = url.pathname + url.search;
    const answer = early.answers[path];
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (answer && method === 'GET' && url.origin === globalThis.location?.origin
      && new Headers(init?.headers).get('authorization') === `Bearer ${early.token}`) {
      early.answers[path] = undefined;
      return answer;
    }
    return base(input, init);
  };
}
