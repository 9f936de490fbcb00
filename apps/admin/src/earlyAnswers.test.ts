// The answers started by index.html's inline script go to the app's first identical request only.
import { describe, expect, it } from 'vitest';
import { withEarlyAnswers } from './earlyAnswers';

describe('early answers', () => {
  const network: string[] = [];
  const base = (async (input: RequestInfo | URL) => { network.push(String(input)); return new Response('network'); }) as typeof fetch;
  const auth = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  it('hands an early answer once to the same GET with the same token; anything else goes to the network', async () => {
    network.length = 0;
    const early = { token: 'tk', answers: { '/api/v1/modules': Promise.resolve(new Response('early')) } as Record<string, Promise<Response> | undefined> };
    const f = withEarlyAnswers(base, early);
    expect(await (await f('/api/v1/modules', auth('other'))).text()).toBe('network'); // another token
    expect(await (await f('/api/v1/modules', { ...auth('tk'), method: 'POST' })).text()).toBe('network');
    expect(await (await f('/api/v1/modules?limit=1', auth('tk'))).text()).toBe('network');
    expect(await (await f('/api/v1/modules', auth('tk'))).text()).toBe('early');
    expect(await (await f('/api/v1/modules', auth('tk'))).text()).toBe('network'); // used once
    expect(network).toHaveLength(4);
  });

  it('is the plain fetch without early answers (the login page, no token)', () => {
    expect(withEarlyAnswers(base, undefined)).toBe(base);
  });
});
