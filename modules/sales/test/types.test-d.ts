// Types are part of the contract: ctx.module() is typed through the HubModuleServices
// augmentations of the packages a module imports, and ctx.config through its zod schema.
import { describe, expectTypeOf, it } from 'vitest';
import type { ModuleContext } from '@hub/kit';
import type { ContactsServices } from '@hub/module-contacts';
import type { InventoryServices, Product } from '@hub/module-inventory';
import type { OrderWithLines, SalesContext, SalesServices } from '../src/index.js';

declare const ctx: SalesContext;
declare const any: ModuleContext;

describe('sales types', () => {
  it('types the services of the modules it depends on', () => {
    expectTypeOf(ctx.module('inventory')).toEqualTypeOf<InventoryServices>();
    expectTypeOf(ctx.module('contacts')).toEqualTypeOf<ContactsServices>();
    expectTypeOf(any.module('sales').confirmOrder).parameters.toEqualTypeOf<[id: number]>();
    expectTypeOf(any.module('sales').confirmOrder).returns.resolves.toEqualTypeOf<OrderWithLines>();
    expectTypeOf<Awaited<ReturnType<InventoryServices['productsById']>>>().toEqualTypeOf<Map<number, Product>>();
    // @ts-expect-error no such service function
    ctx.module('sales').shipOrder;
  });

  it('types its config from the zod schema', () => {
    expectTypeOf(ctx.config.defaultCurrency).toEqualTypeOf<string>();
    // @ts-expect-error not a config key
    ctx.config.currency;
  });

  it('types service inputs', () => {
    const sales = ctx.module('sales') as SalesServices;
    // @ts-expect-error quantity must be a number
    void sales.addLine(1, { productId: 1, quantity: '2' });
    // @ts-expect-error companyId must be a number
    void sales.createOrder({ companyId: '1' });
  });
});
