import { describe, expect, it } from 'vitest';
import { tierOf } from './tiers.js';

describe('tierOf', () => {
  it('bronze below 100, silver below 500, gold from 500', () => {
    expect([0, 50, 99, 100, 499, 500, 10_000].map(tierOf)).toEqual(['bronze', 'bronze', 'bronze', 'silver', 'silver', 'gold', 'gold']);
  });
});
