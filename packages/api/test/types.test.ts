// Type-level checks of the client (tsc --noEmit checks the @ts-expect-error lines), plus one run.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createHubClient, type AnswerOf, type ErrorCode, type Plan } from '../src/index.js';

describe('client types', () => {
  it('types inputs and answers from the route table', async () => {
    const seen: string[] = [];
    const hub = createHubClient({
      baseUrl: 'http://hub.test/',
      token: () => 'hub_x',
      fetch: async (url, init) => {
        seen.push(`${init?.method} ${url} ${(init?.headers as Record<string, string>).authorization}`);
        return new Response(JSON.stringify({ error: 'Module "x" was not found', code: 'HUB_MODULE_NOT_FOUND' }), { status: 404 });
      },
    });
    const call = () => hub.call('plan', { params: { name: 'x' }, query: { action: 'upgrade', drop_tables: true } });
    expectTypeOf(call).returns.resolves.toEqualTypeOf<Plan>();
    expectTypeOf<AnswerOf<'logout'>>().toEqualTypeOf<undefined>();
    expectTypeOf<AnswerOf<'listModules'>['items'][number]['state']>().toEqualTypeOf<'available' | 'installed' | 'uninstalled'>();
    // @ts-expect-error the route needs its path parameter
    void (() => hub.call('getModule', {}));
    // @ts-expect-error no such action
    void (() => hub.call('plan', { params: { name: 'x' }, query: { action: 'explode' } }));
    // @ts-expect-error login needs a body
    void (() => hub.call('login'));
    void (() => hub.call('health'));
    await expect(call()).rejects.toMatchObject({ status: 404, code: 'HUB_MODULE_NOT_FOUND' });
    expect(seen).toEqual(['GET http://hub.test/api/v1/modules/x/plan?action=upgrade&drop_tables=true Bearer hub_x']);
    expectTypeOf<'HUB_PLAN_CHANGED'>().toExtend<ErrorCode>();
  });
});
