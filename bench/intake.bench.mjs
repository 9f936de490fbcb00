// Archive intake (intakeArchive): a 40 MB module of random (incompressible) files as zip and as
// tgz, against a plain extraction of the same archive with the same libraries and no checks; and
// the refusal of zip/tgz bombs of 200 MB and 1 GB of zeros, whose peak RSS must not grow with the
// uncompressed size. Archives are generated to a temporary folder by streaming (flat memory).
// Needs `pnpm --filter @hub/core build` first.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { intakeArchive } from '../packages/core/dist/index.js';

// yauzl, yazl and tar are @hub/core's dependencies: resolve them from there.
const requireCore = createRequire(new URL('../packages/core/package.json', import.meta.url));
const yazl = requireCore('yazl');
const yauzl = requireCore('yauzl');
const tar = requireCore('tar');

const MB = 1024 * 1024;
const RUNS = 7;
const NAME = 'bench_mod';
const MiB = (b) => b / MB;

/** Runs fn with RSS sampled every 2 ms; returns its time, the peak RSS and the peak above the level before. */
async function measured(fn) {
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, 50));
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 2);
  const started = performance.now();
  let error;
  try {
    await fn();
  } catch (e) {
    error = e;
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - started;
  peak = Math.max(peak, process.memoryUsage.rss());
  return { ms, peak, rssDelta: peak - before, error };
}

/**
 * Runs each of `fns` RUNS times, interleaved (a, b, a, b, ...) so background load and page-cache
 * writeback hit them alike; reports per fn the fastest time (the least disturbed by the other
 * processes of a shared machine), the highest peak RSS and the highest peak RSS growth.
 */
async function interleaved(fns, after = () => {}) {
  const runs = fns.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, fn] of fns.entries()) {
      runs[k].push(await measured(fn));
      after();
    }
  }
  return runs.map((rs) => ({ ms: Math.min(...rs.map((r) => r.ms)), peak: Math.max(...rs.map((r) => r.peak)), rssDelta: Math.max(...rs.map((r) => r.rssDelta)), error: rs[0].error }));
}

function zeros(bytes) {
  const chunk = Buffer.alloc(MB);
  return Readable.from((function* () {
    for (let left = bytes; left > 0; left -= MB) yield left >= MB ? chunk : chunk.subarray(0, left);
  })());
}

const packageJson = (name) => JSON.stringify({ name: `@hub/module-${name}`, version: '1.0.0', type: 'module', main: 'dist/index.js', hub: { module: name } });

/** A module folder with 40 random 1 MiB files (written one at a time); returns its file list. */
function moduleFolder(dir) {
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), packageJson(NAME));
  writeFileSync(join(dir, 'dist', 'index.js'), 'export default {};\n');
  const files = ['package.json', 'dist/index.js'];
  for (let i = 0; i < 40; i++) {
    writeFileSync(join(dir, 'dist', `blob${i}.bin`), randomBytes(MB));
    files.push(`dist/blob${i}.bin`);
  }
  return files;
}

async function zipFolder(dir, files, file) {
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addFile(join(dir, f), `${NAME}/${f}`);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

async function zipBomb(file, bytes) {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(packageJson('bomb')), 'bomb/package.json');
  zip.addBuffer(Buffer.from('export default {};\n'), 'bomb/dist/index.js');
  zip.addReadStream(zeros(bytes), 'bomb/zeros.bin', { compressionLevel: 1 });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

/**
 * A tgz whose tar declares one file of `bytes` zeros (headers from node-tar's Header); with
 * afterEnd, a small valid tar followed by `bytes` zeros after its end-of-archive blocks.
 */
async function tgzBomb(file, bytes, { afterEnd = false } = {}) {
  const block = (path, size) => {
    const b = Buffer.alloc(512);
    new tar.Header({ path, type: 'File', size, mode: 0o644, mtime: new Date(0) }).encode(b, 0);
    return b;
  };
  const pad = (n) => Buffer.alloc((512 - (n % 512)) % 512);
  const pkg = Buffer.from(packageJson('bomb'));
  const entry = Buffer.from('export default {};\n');
  async function* body() {
    yield Buffer.concat([block('package/package.json', pkg.length), pkg, pad(pkg.length), block('package/dist/index.js', entry.length), entry, pad(entry.length)]);
    if (afterEnd) {
      yield Buffer.alloc(1024);
      yield* zeros(bytes);
      return;
    }
    yield block('package/zeros.bin', bytes);
    yield* zeros(bytes);
    yield Buffer.concat([pad(bytes), Buffer.alloc(1024)]);
  }
  await pipeline(Readable.from(body()), createGzip({ level: 1 }), createWriteStream(file));
}

/** Baseline: the same zip extracted with yauzl and no checks at all. */
function plainUnzip(file, dest) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry) => {
        const target = join(dest, entry.fileName);
        mkdirSync(dirname(target), { recursive: true });
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          pipeline(stream, createWriteStream(target)).then(() => zip.readEntry(), reject);
        });
      });
      zip.readEntry();
    });
  });
}

async function bombs(root, addonsDir, tmpDir, out) {
  for (const [label, make] of [
    ['zip bomb', (f, n) => zipBomb(f, n)],
    ['tgz bomb', (f, n) => tgzBomb(f, n)],
    ['tgz with zeros after the tar end', (f, n) => tgzBomb(f, n, { afterEnd: true })],
  ]) {
    const small = join(root, 'bomb-200m');
    const big = join(root, 'bomb-1g');
    await make(small, 200 * MB);
    await make(big, 1024 * MB);
    const [s, b] = await interleaved([() => intakeArchive(small, { addonsDir, tmpDir }), () => intakeArchive(big, { addonsDir, tmpDir })]);
    for (const r of [s, b]) if (r.error?.code !== 'HUB_ARCHIVE_UNCOMPRESSED_TOO_LARGE') throw new Error(`${label} was not refused as too large: ${r.error?.code ?? 'accepted'}`);
    const size = statSync(big).size;
    rmSync(small);
    rmSync(big);
    out.push({ name: `refuse ${label} of 1 GB zeros (${(size / MB).toFixed(1)} MB file): time vs 200 MB one`, value: b.ms, unit: 'ms', baseline: s.ms, ratio: b.ms / s.ms, goal: '<= 1.5x or +50 ms', meets: b.ms <= Math.max(1.5 * s.ms, s.ms + 50) });
    out.push({ name: `refuse ${label}: peak RSS growth, 1 GB vs 200 MB`, value: MiB(b.rssDelta), unit: 'MiB', baseline: MiB(s.rssDelta), ratio: b.rssDelta / Math.max(s.rssDelta, 1), goal: '<= 64 MiB', meets: MiB(b.rssDelta) <= 64 });
    out.push({ name: `refuse ${label}: peak RSS, 1 GB / 200 MB`, value: MiB(b.peak), unit: 'MiB', baseline: MiB(s.peak), ratio: b.peak / s.peak, goal: '<= 1.2', meets: b.peak / s.peak <= 1.2 });
  }
}

async function valid(root, addonsDir, tmpDir, out) {
  const src = join(root, 'src', NAME);
  const files = moduleFolder(src);
  const zipFile = join(root, 'valid.zip');
  const tgzFile = join(root, 'valid.tgz');
  await zipFolder(src, files, zipFile);
  await tar.c({ gzip: true, file: tgzFile, cwd: join(root, 'src') }, [NAME]);
  rmSync(join(root, 'src'), { recursive: true });
  const plain = join(root, 'plain');
  for (const [format, file, baseline, goal] of [
    ['zip', zipFile, (dest) => plainUnzip(zipFile, dest), 2],
    // A tgz is read twice by design: every header is checked before anything is written.
    ['tgz', tgzFile, (dest) => tar.x({ file: tgzFile, cwd: dest }), 3],
  ]) {
    const size = statSync(file).size;
    const [base, r] = await interleaved([
      async () => { mkdirSync(plain, { recursive: true }); await baseline(plain); },
      () => intakeArchive(file, { addonsDir, tmpDir }),
    ], () => {
      rmSync(plain, { recursive: true, force: true });
      rmSync(join(addonsDir, NAME), { recursive: true, force: true });
    });
    if (base.error) throw base.error;
    if (r.error) throw r.error;
    out.push({ name: `intake ${(size / 1e6).toFixed(0)} MB ${format} (42 files): time vs plain extraction`, value: r.ms, unit: 'ms', baseline: base.ms, ratio: r.ms / base.ms, goal: `<= ${goal}x`, meets: r.ms <= goal * base.ms });
    out.push({ name: `intake ${(size / 1e6).toFixed(0)} MB ${format}: peak RSS growth vs plain extraction`, value: MiB(r.rssDelta), unit: 'MiB', baseline: MiB(base.rssDelta), ratio: r.rssDelta / Math.max(base.rssDelta, 1), goal: '<= 64 MiB', meets: MiB(r.rssDelta) <= 64 });
  }
}

export default async function () {
  const root = mkdtempSync(join(tmpdir(), 'hub-intake-bench-'));
  const addonsDir = join(root, 'addons');
  const tmpDir = join(root, 'tmp');
  const out = [];
  try {
    await bombs(root, addonsDir, tmpDir, out); // first, while the heap is small
    await valid(root, addonsDir, tmpDir, out);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return out;
}
