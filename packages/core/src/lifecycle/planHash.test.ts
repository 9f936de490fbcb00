import { describe, expect, it } from 'vitest';
import { canonicalJson, planHash } from './planHash.js';
import { invertRenames } from './buildPlan.js';

describe('planHash', () => {
  it('does not depend on key order or undefined members', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: undefined, z: null }] })).toBe('{"a":[{"y":2,"z":null}],"b":1}');
    expect(planHash({ a: 1, b: { c: 2 } })).toBe(planHash({ b: { c: 2 }, a: 1 }));
    expect(planHash({ a: 1 })).not.toBe(planHash({ a: 2 }));
  });
});

describe('invertRenames', () => {
  it.each([
    [{ 'people.fullname': 'name' }, { 'people.name': 'fullname' }],
    [{ persons: 'people' }, { people: 'persons' }],
    [{ 'crm.people.a': 'b' }, { 'crm.people.b': 'a' }],
  ])('%j -> %j', (from, to) => {
    expect(invertRenames(from)).toEqual(to);
  });
});
