import { describe, expect, it } from 'vitest';
import { hostRangeAccepts } from './hostRange.js';

describe('hostRangeAccepts', () => {
  it.each<[string | undefined, string, boolean]>([
    [undefined, '0.1.0', true],
    ['^0.1.0', '0.1.0', true],
    ['^0.1.0', '0.1.5', true],
    ['^0.1.0', '0.2.0', false],
    ['^1.0.0', '0.1.0', false],
    ['>=0.1.0 <2', '1.9.9', true],
    ['^0.1.0 || ^1.0.0', '1.2.3', true],
    ['^1.0.0', '1.1.0-beta.1', true],
    ['workspace:^', '9.9.9', true],
    ['workspace:*', '0.0.1', true],
    ['workspace:^0.1.0', '0.2.0', false],
    ['not a range', '0.1.0', false],
  ])('%s accepts %s: %s', (range, version, expected) => {
    expect(hostRangeAccepts(range, version)).toBe(expected);
  });
});
