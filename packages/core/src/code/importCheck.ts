import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { init, parse } from 'es-module-lexer';
import { listTree } from './treeHash.js';

const BUILTINS = new Set(builtinModules);
const SCRIPT = /\.(m?js)$/;

export interface MissingImport {
  /** npm package name the code imports. */
  package: string;
  /** File that imports it, relative to the module folder. */
  file: string;
}

/** The npm package a bare specifier names ("@scope/name/sub" -> "@scope/name"), or undefined for relative, absolute, URL and built-in specifiers. */
export function packageOf(specifier: string): string | undefined {
  if (/^(\.{0,2}\/|[a-z][a-z0-9+.-]*:)/i.test(specifier) || specifier.startsWith('#')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return BUILTINS.has(name) ? undefined : name;
}

/**
 * The packages a module's own ES module files (outside its node_modules) import statically and
 * that are neither allowed (`allowed`: what the host provides and the hub modules it depends on),
 * nor bundled in the module's node_modules, nor the module's own package. Reads the files as text
 * with es-module-lexer: nothing of the module runs here.
 */
export async function missingImports(dir: string, ownPackage: string, allowed: ReadonlySet<string>): Promise<MissingImport[]> {
  await init;
  const missing = new Map<string, MissingImport>();
  for (const file of await listTree(dir)) {
    if (!SCRIPT.test(file) || file.split('/').includes('node_modules')) continue;
    let imports: readonly { n?: string; d: number }[];
    try {
      [imports] = parse(await readFile(join(dir, ...file.split('/')), 'utf8'), file);
    } catch {
      continue; // not an ES module the lexer reads: importing the entry shows what is wrong
    }
    for (const i of imports) {
      if (i.d !== -1 || !i.n) continue; // dynamic imports may be optional: they are not required here
      const name = packageOf(i.n);
      if (!name || name === ownPackage || allowed.has(name) || missing.has(name)) continue;
      if (existsSync(join(dir, 'node_modules', ...name.split('/'), 'package.json'))) continue;
      missing.set(name, { package: name, file });
    }
  }
  return [...missing.values()].sort((a, b) => (a.package < b.package ? -1 : 1));
}

/** The package named by Node's "Cannot find package 'x'" / "Cannot find module 'x'" error, if it is one. */
export function missingPackageOf(error: unknown): string | undefined {
  for (let e = error, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const m = /Cannot find (?:package|module) '([^']+)'/.exec((e as Error).message ?? '');
    if (m) return packageOf(m[1]!.replace(/^.*\/node_modules\//, '')) ?? undefined;
  }
  return undefined;
}
