import { describe, expect, it } from 'vitest';
import { defineModule, readModuleConfig, readHostSwitch, z } from '../src/index.js';

const sales = defineModule({ name: 'sales', config: z.object({ defaultCurrency: z.string().default('EUR'), maxLines: z.coerce.number().int().default(100) }) });

describe('readModuleConfig', () => {
  it('reads MODULES__<NAME>__<KEY> into camelCase keys and applies defaults', () => {
    expect(readModuleConfig(sales, { MODULES__SALES__DEFAULT_CURRENCY: 'DKK' })).toEqual({ defaultCurrency: 'DKK', maxLines: 100 });
  });
  it('ignores host switches and other modules', () => {
    expect(readModuleConfig(sales, { MODULES__SALES__READ_ONLY: 'true', MODULES__CONTACTS__DEFAULT_CURRENCY: 'USD' })).toEqual({ defaultCurrency: 'EUR', maxLines: 100 });
  });
  it('names the variable when a value is invalid', () => {
    expect(() => readModuleConfig(sales, { MODULES__SALES__MAX_LINES: 'many' })).toThrow(/MODULES__SALES__MAX_LINES/);
  });
  it('reads host switches', () => {
    expect(readHostSwitch('sales', 'READ_ONLY', { MODULES__SALES__READ_ONLY: 'true' })).toBe(true);
    expect(readHostSwitch('sales', 'DRY_RUN', { MODULES__SALES__DRY_RUN: '0' })).toBe(false);
    expect(readHostSwitch('sales', 'DRY_RUN', {})).toBe(false);
  });
});
