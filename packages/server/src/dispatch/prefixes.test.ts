import { describe, expect, it } from 'vitest';
import { prefixProblem } from './prefixes.js';

describe('prefixProblem', () => {
  const others = new Map([['/api/v1/contacts', 'contacts']]);
  it.each([
    ['/api/v1/sales', undefined],
    ['/api/v2/sales', undefined],
    ['/api/v1/modules', 'host'],
    ['/api/v1/auth/x', 'host'],
    ['/api/v1', 'host'],
    ['/api/docs', 'host'],
    ['/shop', 'under /api/'],
    ['/api/v1/contacts', 'already used by module "contacts"'],
  ])('%s', (prefix, problem) => {
    const p = prefixProblem('sales', prefix, others);
    if (problem === undefined) expect(p).toBeUndefined();
    else expect(p).toContain(problem);
  });
  it('a module may keep its own prefix', () => {
    expect(prefixProblem('contacts', '/api/v1/contacts', others)).toBeUndefined();
  });
});
