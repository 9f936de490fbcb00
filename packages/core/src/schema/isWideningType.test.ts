import { describe, expect, it } from 'vitest';
import { isWideningType } from './isWideningType.js';

describe('isWideningType', () => {
  it.each([
    ['smallint', 'integer', true],
    ['integer', 'bigint', true],
    ['serial', 'bigint', true],
    ['smallint', 'bigint', true],
    ['bigint', 'integer', false],
    ['integer', 'smallint', false],
    ['real', 'double precision', true],
    ['double precision', 'real', false],
    ['integer', 'double precision', true],
    ['bigint', 'double precision', false],
    ['integer', 'numeric', true],
    ['integer', 'numeric(12, 2)', true],
    ['integer', 'numeric(8, 2)', false],
    ['numeric(10, 2)', 'numeric(12, 2)', true],
    ['numeric(10, 2)', 'numeric(12, 4)', true],
    ['numeric(10, 2)', 'numeric(10, 4)', false],
    ['numeric(10, 2)', 'numeric(10, 1)', false],
    ['numeric', 'numeric(10, 2)', false],
    ['numeric(10, 2)', 'numeric', true],
    ['varchar(10)', 'varchar(20)', true],
    ['varchar(20)', 'varchar(10)', false],
    ['varchar(10)', 'varchar', true],
    ['varchar(10)', 'text', true],
    ['text', 'varchar(255)', false],
    ['text', 'varchar', true],
    ['char(3)', 'text', true],
    ['enum:crm.kind', 'text', true],
    ['text', 'enum:crm.kind', false],
    ['timestamp (3)', 'timestamp', true],
    ['timestamp', 'timestamp (3)', false],
    ['timestamp with time zone', 'timestamp (6) with time zone', true],
    ['timestamp', 'timestamp with time zone', false],
    ['json', 'jsonb', false],
    ['text', 'integer', false],
    ['integer', 'text', true],
    ['jsonb', 'varchar', true],
    ['integer', 'varchar(5)', false],
    ['integer[]', 'bigint[]', true],
    ['integer[]', 'bigint', false],
    ['uuid', 'uuid', true],
  ])('%s -> %s: %s', (from, to, widening) => {
    expect(isWideningType(from, to)).toBe(widening);
  });
});
