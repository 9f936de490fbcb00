import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHubError } from '@hub/kit';
import { intakeArchive } from './index.js';
import { listTree, moduleFiles, npmPack, rawTar, rawZip, under, yazlZip } from './testing/archives.js';

const CASES = 360;
const BUDGET_MS = 55_000;
const CASE_TIMEOUT_MS = 10_000;
// HUB_INTAKE_FUZZ_SEED replays or explores another sequence (the count stays bounded).
const SEED = Number(process.env.HUB_INTAKE_FUZZ_SEED ?? 0x5eed_4a11);

/** mulberry32: a small seeded PRNG, so a failing case can be replayed from its number. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

type Rng = ReturnType<typeof prng>;

function mutate(base: Buffer, rng: Rng): Buffer {
  const out = Buffer.from(base);
  switch (rng.int(5)) {
    case 0: { // flip a few bits
      for (let i = 0, n = 1 + rng.int(8); i < n; i++) out[rng.int(out.length)] ^= 1 << rng.int(8);
      return out;
    }
    case 1: // truncate
      return out.subarray(0, rng.int(out.length));
    case 2: { // insert random bytes
      const at = rng.int(out.length);
      const junk = Buffer.from(Array.from({ length: 1 + rng.int(64) }, () => rng.int(256)));
      return Buffer.concat([out.subarray(0, at), junk, out.subarray(at)]);
    }
    case 3: { // overwrite a run with 0x00 / 0xff / random (sizes, counts, offsets)
      const at = rng.int(out.length);
      const fill = rng.int(3);
      for (let i = at; i < Math.min(out.length, at + 1 + rng.int(16)); i++) out[i] = fill === 0 ? 0 : fill === 1 ? 0xff : rng.int(256);
      return out;
    }
    default: { // delete a run
      const at = rng.int(out.length);
      return Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + rng.int(64))]);
    }
  }
}

let root: string;
let addonsDir: string;
let tmpDir: string;
let inputs: string;
let bases: { name: string; bytes: Buffer; regzip?: boolean }[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hub-intake-fuzz-'));
  addonsDir = join(root, 'addons');
  tmpDir = join(root, 'tmp');
  inputs = join(root, 'inputs');
  await mkdir(addonsDir, { recursive: true });
  await mkdir(inputs, { recursive: true });
  const files = under('contacts', moduleFiles('contacts'));
  bases = [
    { name: 'zip-deflate', bytes: await yazlZip(files) },
    { name: 'zip-stored', bytes: rawZip(Object.entries(files).map(([name, data]) => ({ name, data }))) },
    { name: 'tgz-npm-pack', bytes: await npmPack(moduleFiles('contacts')) },
    // Mutated before gzip, so the tar parser (not just gunzip's checksum) sees the damage.
    { name: 'tar-then-gzip', bytes: rawTar(Object.entries(under('package', moduleFiles('contacts'))).map(([path, data]) => ({ path, data }))), regzip: true },
  ];
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('intakeArchive under fuzzing', () => {
  it(`resolves or refuses with a 4xx HubError for ${CASES} mutated archives, writing only in addonsDir`, async () => {
    const rng = prng(SEED);
    const started = Date.now();
    const outcomes = new Map<string, number>();
    const outside = async () => (await listTree(root)).filter((p) => !p.startsWith('addons/') && !p.startsWith('inputs/'));
    const before = await outside();
    let ran = 0;
    for (; ran < CASES && Date.now() - started < BUDGET_MS; ran++) {
      const base = bases[ran % bases.length];
      const mutated = mutate(base.bytes, rng);
      const bytes = base.regzip ? gzipSync(mutated) : mutated;
      const file = join(inputs, `${ran}-${base.name}`);
      await writeFile(file, bytes);
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        intakeArchive(file, { addonsDir, tmpDir, replace: true }).then((r) => ({ ok: r.name }), (error: unknown) => ({ error })),
        new Promise<{ timeout: true }>((resolve) => { timer = setTimeout(() => resolve({ timeout: true }), CASE_TIMEOUT_MS); }),
      ]);
      clearTimeout(timer);
      const where = `case ${ran} (${base.name}, seed ${SEED})`;
      expect('timeout' in outcome, `${where} hung`).toBe(false);
      if ('error' in outcome) {
        const error = outcome.error as { code?: string; status?: number; cause?: unknown };
        expect(isHubError(error), `${where} threw a non-HubError: ${String(outcome.error)}`).toBe(true);
        expect(error.status, `${where}: ${error.code}`).toBeGreaterThanOrEqual(400);
        expect(error.status, `${where}: ${error.code} ${String(error.cause ?? '')}`).toBeLessThan(500);
        outcomes.set(error.code!, (outcomes.get(error.code!) ?? 0) + 1);
      } else {
        outcomes.set('accepted', (outcomes.get('accepted') ?? 0) + 1);
      }
      expect(await outside(), `${where} wrote outside addonsDir`).toEqual(before);
      await rm(file);
    }
    // Whatever was accepted is a module folder with its package.json (a mutation may have renamed
    // hub.module); no files and no hidden leftovers at the top of addonsDir.
    const tops = (await listTree(addonsDir)).filter((p) => /^[^/]+\/?$/.test(p));
    expect(tops.filter((p) => !/^[a-z][a-z0-9_]*\/$/.test(p))).toEqual([]);
    for (const top of tops) expect(existsSync(join(addonsDir, top, 'package.json')), top).toBe(true);
    expect(ran).toBeGreaterThanOrEqual(200);
    console.log(`fuzz: ${ran} cases in ${Date.now() - started} ms:`, Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1])));
  }, 120_000);
});
