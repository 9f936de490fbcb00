// The layer rule on code that breaks it: a forbidden import must fail `pnpm lint`.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function layerErrors(file, code) {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'hub/layers').map((m) => m.message);
}

describe('layer rule', () => {
  it.each([
    ['modules/contacts/src/added.ts', "import '@hub/core';", /@hub\/module-contacts may not import @hub\/core/],
    ['modules/contacts/src/added.ts', "import { x } from '@hub/server';", /may not import @hub\/server/],
    ['apps/admin/src/added.ts', "import type { Hub } from '@hub/core';", /the admin speaks HTTP through @hub\/api only/],
    ['apps/admin/src/added.ts', "import { defineModule } from '@hub/kit';", /the admin speaks HTTP through @hub\/api only/],
    ['packages/kit/src/added.ts', "export * from '@hub/core';", /the kit layer does not import @hub\/core/],
    ['packages/core/src/added.ts', "const s = await import('@hub/server');", /the core layer does not import @hub\/server/],
    ['modules/contacts/src/added.ts', "import sales from '@hub/module-sales';", /not in the dependencies/],
    ['modules/contacts/src/added.ts', "import left from 'left-pad';", /not in the dependencies/],
    ['apps/admin/src/added.ts', "import { readFileSync } from 'node:fs';", /browser code has no Node built-ins/],
  ])('%s: %s is refused', async (file, code, message) => {
    const errors = await layerErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it.each([
    ['modules/sales/src/added.ts', "import { people } from '@hub/module-contacts';"],
    ['modules/sales/src/added.ts', "import { defineModule } from '@hub/kit';\nimport { eq } from 'drizzle-orm';"],
    ['modules/contacts/src/admin/added.ts', "import { NButton } from 'naive-ui';\nimport { ref } from 'vue';"],
    ['packages/server/src/added.ts', "import { createHub } from '@hub/core';\nimport { join } from 'node:path';"],
    ['modules/contacts/src/added.ts', "import { people } from './schema.js';"],
    ['apps/admin/src/added.ts', "import { createHubClient } from '@hub/api/lite';\nimport type { Plan } from '@hub/api';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });

  it('the admin package depends on no engine or server package, not even for its tests', () => {
    const pj = JSON.parse(readFileSync(join(root, 'apps/admin/package.json'), 'utf8'));
    const all = { ...pj.dependencies, ...pj.devDependencies, ...pj.peerDependencies, ...pj.optionalDependencies };
    expect(Object.keys(all).filter((n) => ['@hub/core', '@hub/server', '@hub/cli', '@hub/app'].includes(n))).toEqual([]);
  });

  it('test files are not held to the layers', async () => {
    expect(await layerErrors('modules/contacts/test/added.test.ts', "import '@hub/core';")).toEqual([]);
  });
});
