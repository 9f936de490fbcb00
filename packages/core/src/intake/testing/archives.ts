// Builders for the intake tests: valid archives with yazl, npm pack and node-tar, and hand-made
// bytes for what those tools refuse to write (".." paths, absolute names, links, duplicates).
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createGzip, deflateRawSync, gzipSync } from 'node:zlib';
import { Header } from 'tar';
import yazl from 'yazl';

export type Files = Record<string, string | Buffer>;

/** The files of a small valid module package (relative to its folder). */
export function moduleFiles(name = 'contacts', version = '1.0.0', pkg: Record<string, unknown> = {}): Files {
  return {
    'package.json': JSON.stringify({
      name: `@hub/module-${name}`, version, type: 'module', main: './dist/index.js',
      keywords: ['hub-module'], hub: { module: name }, peerDependencies: { '@hub/kit': '^0.1.0' }, ...pkg,
    }, null, 2),
    'dist/index.js': `export default { name: ${JSON.stringify(name)} };\n`,
    'README.md': `# ${name}\n`,
  };
}

/** A zip made by yazl; keys are entry names as written. */
export async function yazlZip(entries: Files, options: { mode?: Record<string, number>; compress?: boolean } = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(entries)) {
    zip.addBuffer(Buffer.from(data), name, { mode: options.mode?.[name], compress: options.compress ?? true, mtime: new Date(0) });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `files` placed under `top/`. */
export function under(top: string, files: Files): Files {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [`${top}/${k}`, v]));
}

export interface RawZipEntry {
  name: string;
  data?: Buffer | string;
  /** Full unix mode, type bits included (e.g. 0o120777 for a symlink). */
  mode?: number;
  deflate?: boolean;
  /** Overrides the uncompressed size written in the headers. */
  declaredSize?: number;
  /** Extra general purpose flags (e.g. 1 = encrypted). */
  flags?: number;
  /** Written as made by MS-DOS with these attributes (0x10 = folder) instead of a unix mode. */
  dos?: number;
}

/** A zip written byte by byte: any name, any mode, duplicates, lying sizes. */
export function rawZip(entries: RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = Buffer.from(e.data ?? '');
    const body = e.deflate ? deflateRawSync(data) : data;
    const size = e.declaredSize ?? data.length;
    const crc = crc32(data);
    const flags = 0x800 | (e.flags ?? 0);
    const method = e.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(flags, 6); local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(body.length, 18); local.writeUInt32LE(size, 22); local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(e.dos === undefined ? (3 << 8) | 20 : 20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10); central.writeUInt32LE(crc, 16); central.writeUInt32LE(body.length, 20); central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28); central.writeUInt32LE(e.dos ?? ((e.mode ?? 0o100644) << 16) >>> 0, 38); central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export interface RawTarEntry {
  path: string;
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'CharacterDevice' | 'BlockDevice' | 'FIFO';
  data?: Buffer | string;
  linkpath?: string;
  mode?: number;
}

/** A tar (not compressed) built from node-tar Header blocks; any path, any type. */
export function rawTar(entries: RawTarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.data ?? '');
    const header = new Header({ path: e.path, type: e.type ?? 'File', size: data.length, mode: e.mode ?? 0o644, linkpath: e.linkpath, mtime: new Date(0), uid: 0, gid: 0, uname: '', gname: '' });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export const rawTgz = (entries: RawTarEntry[]): Buffer => gzipSync(rawTar(entries));

/** Real `npm pack` of a package folder holding `files`; returns the tarball's bytes. */
export async function npmPack(files: Files): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'hub-intake-pack-'));
  try {
    for (const [name, data] of Object.entries(files)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), data);
    }
    execFileSync('npm', ['pack', '--pack-destination', dir, '--ignore-scripts', '--silent'], { cwd: dir, stdio: 'pipe', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
    const tgz = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error('npm pack wrote no tarball');
    const { readFile } = await import('node:fs/promises');
    return await readFile(join(dir, tgz));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A zip of `top/package.json`, `top/dist/index.js` and `top/zeros.bin` holding `bytes` zeros, streamed to `file` (flat memory). */
export async function zeroBombZip(file: string, bytes: number, top = 'contacts'): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(under(top, moduleFiles(top)))) zip.addBuffer(Buffer.from(data), name);
  zip.addReadStream(zeros(bytes), `${top}/zeros.bin`, { compress: true, compressionLevel: 1 });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

/** A tgz whose tar holds one file of `bytes` zeros (the tar header declares it), streamed to `file`. */
export async function zeroBombTgz(file: string, bytes: number, top = 'package'): Promise<void> {
  const header = Buffer.alloc(512);
  new Header({ path: `${top}/zeros.bin`, type: 'File', size: bytes, mode: 0o644, mtime: new Date(0) }).encode(header, 0);
  async function* tar() {
    yield rawTar(Object.entries(under(top, moduleFiles('contacts'))).map(([path, data]) => ({ path, data }))).subarray(0, -1024);
    yield header;
    yield* zeros(bytes);
    yield Buffer.alloc((512 - (bytes % 512)) % 512 + 1024);
  }
  await pipeline(Readable.from(tar()), createGzip({ level: 1 }), createWriteStream(file));
}

/** A readable of `bytes` zeros in 1 MiB chunks. */
export function zeros(bytes: number): Readable {
  const chunk = Buffer.alloc(1024 * 1024);
  return Readable.from((function* () {
    for (let left = bytes; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
  })());
}

/** Every path under `root` (folders end with "/"), sorted: to compare a tree before and after. */
export async function listTree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.map((e) => {
    const rel = join(e.parentPath ?? (e as unknown as { path: string }).path, e.name).slice(root.length + 1);
    return e.isDirectory() ? `${rel}/` : e.isSymbolicLink() ? `${rel}@` : rel;
  }).sort();
}
