import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHubError } from '@hub/kit';
import { intakeArchive, type IntakeOptions } from './index.js';
import { INTAKE_ERRORS, type IntakeErrorCode } from './errors.js';
import { listTree, moduleFiles, npmPack, rawTgz, rawZip, under, yazlZip, zeroBombTgz, zeroBombZip, type RawZipEntry } from './testing/archives.js';

let root: string;
let addonsDir: string;
let tmpDir: string;
let uploads: string;
let serial = 0;
const evil = `hub-intake-evil-${process.pid}-${Date.now()}`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hub-intake-test-'));
  addonsDir = join(root, 'addons');
  tmpDir = join(root, 'tmp');
  uploads = join(root, 'uploads');
  await mkdir(uploads, { recursive: true });
  await mkdir(addonsDir, { recursive: true });
  // An existing module the malicious archives must not disturb.
  await mkdir(join(addonsDir, 'existing', 'dist'), { recursive: true });
  await writeFile(join(addonsDir, 'existing', 'package.json'), moduleFiles('existing')['package.json']);
  await writeFile(join(addonsDir, 'existing', 'dist', 'index.js'), 'export default {};\n');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function upload(bytes: Buffer | ((file: string) => Promise<void>), name = 'upload.zip'): Promise<string> {
  const file = join(uploads, `${++serial}-${name}`);
  if (typeof bytes === 'function') await bytes(file);
  else await writeFile(file, bytes);
  return file;
}

const options = (extra: Partial<IntakeOptions> = {}): IntakeOptions => ({ addonsDir, tmpDir, ...extra });
const zipOf = (files: Record<string, string | Buffer>) => rawZip(Object.entries(files).map(([name, data]) => ({ name, data, deflate: true })));
const valid = (top = 'contacts', version = '1.0.0') => under(top, moduleFiles('contacts', version));
const validTar = (top = 'package') => Object.entries(valid(top)).map(([path, data]) => ({ path, data }));
const bad = (name: string, data = 'x'): RawZipEntry => ({ name, data });

interface Case {
  name: string;
  code: IntakeErrorCode;
  archive: () => Promise<Buffer | ((file: string) => Promise<void>)>;
  file?: string;
  extra?: Partial<IntakeOptions>;
}

const cases: Case[] = [
  { name: 'zip: ".." path', code: 'HUB_ARCHIVE_PATH_TRAVERSAL', archive: async () => rawZip([...Object.entries(valid()).map(([n, d]) => bad(n, d as string)), bad(`contacts/../../../../${evil}`)]) },
  { name: 'zip: ".." with backslashes', code: 'HUB_ARCHIVE_PATH_TRAVERSAL', archive: async () => rawZip([bad(`contacts\\..\\..\\..\\..\\${evil}`), ...Object.entries(valid()).map(([n, d]) => bad(n, d as string))]) },
  { name: 'zip: absolute path', code: 'HUB_ARCHIVE_ABSOLUTE_PATH', archive: async () => rawZip([bad(join(tmpdir(), evil))]) },
  { name: 'zip: drive letter', code: 'HUB_ARCHIVE_ABSOLUTE_PATH', archive: async () => rawZip([bad(`C:\\${evil}`)]) },
  { name: 'zip: drive letter, relative', code: 'HUB_ARCHIVE_ABSOLUTE_PATH', archive: async () => rawZip([bad(`c:${evil}`)]) },
  { name: 'zip: NUL in a name', code: 'HUB_ARCHIVE_PATH_INVALID', archive: async () => rawZip([bad('contacts/a\u0000.js')]) },
  { name: 'zip: symlink', code: 'HUB_ARCHIVE_LINK_NOT_ALLOWED', archive: async () => rawZip([...Object.entries(valid()).map(([n, d]) => bad(n, d as string)), { name: 'contacts/passwd', data: '/etc/passwd', mode: 0o120777 }]) },
  { name: 'zip: FIFO', code: 'HUB_ARCHIVE_LINK_NOT_ALLOWED', archive: async () => rawZip([{ name: 'contacts/fifo', mode: 0o010644 }]) },
  { name: 'zip: character device', code: 'HUB_ARCHIVE_LINK_NOT_ALLOWED', archive: async () => rawZip([{ name: 'contacts/null', mode: 0o020644 }]) },
  { name: 'zip: duplicate entry', code: 'HUB_ARCHIVE_DUPLICATE_ENTRY', archive: async () => rawZip([...Object.entries(valid()).map(([n, d]) => bad(n, d as string)), bad('contacts/dist/index.js', 'evil()')]) },
  { name: 'zip: duplicate by case', code: 'HUB_ARCHIVE_DUPLICATE_ENTRY', archive: async () => rawZip([bad('contacts/A.js'), bad('contacts/a.js')]) },
  { name: 'zip: duplicate by backslash', code: 'HUB_ARCHIVE_DUPLICATE_ENTRY', archive: async () => rawZip([bad('contacts/dist/a.js'), bad('contacts\\dist\\a.js')]) },
  { name: 'zip: a file that is also a folder', code: 'HUB_ARCHIVE_DUPLICATE_ENTRY', archive: async () => rawZip([bad('contacts/dist'), bad('contacts/dist/index.js')]) },
  { name: 'zip: encrypted entry', code: 'HUB_ARCHIVE_ENTRY_UNSUPPORTED', archive: async () => rawZip([{ name: 'contacts/package.json', data: 'xxxxxxxxxxxx{}', flags: 1, declaredSize: 2 }]) },
  { name: 'zip: two top-level folders', code: 'HUB_ARCHIVE_TOP_FOLDER', archive: async () => zipOf({ ...valid(), 'other/x.js': '' }) },
  { name: 'zip: files at the top level', code: 'HUB_ARCHIVE_TOP_FOLDER', archive: async () => zipOf(moduleFiles()) },
  { name: 'zip: nothing but its root folder', code: 'HUB_ARCHIVE_TOP_FOLDER', archive: async () => rawZip([{ name: './', mode: 0o40755 }]) },
  { name: 'zip: empty (only an end record)', code: 'HUB_ARCHIVE_NOT_AN_ARCHIVE', archive: async () => rawZip([]) },
  { name: 'zip: no package.json', code: 'HUB_ARCHIVE_PACKAGE_JSON_MISSING', archive: async () => zipOf({ 'contacts/dist/index.js': '' }) },
  { name: 'zip: no entry file', code: 'HUB_ARCHIVE_ENTRY_MISSING', archive: async () => zipOf({ 'contacts/package.json': moduleFiles()['package.json'] }) },
  { name: 'zip: exports to a missing file', code: 'HUB_ARCHIVE_ENTRY_MISSING', archive: async () => zipOf(under('contacts', moduleFiles('contacts', '1.0.0', { exports: { '.': { import: './dist/missing.js' } } }))) },
  { name: 'zip: main outside the package', code: 'HUB_ARCHIVE_PACKAGE_JSON_INVALID', archive: async () => zipOf(under('contacts', moduleFiles('contacts', '1.0.0', { main: '../../etc/passwd' }))) },
  { name: 'zip: package.json over 100 KB', code: 'HUB_ARCHIVE_PACKAGE_JSON_TOO_LARGE', archive: async () => zipOf(under('contacts', moduleFiles('contacts', '1.0.0', { description: 'x'.repeat(150_000) }))) },
  { name: 'zip: package.json not JSON', code: 'HUB_ARCHIVE_PACKAGE_JSON_INVALID', archive: async () => zipOf({ ...valid(), 'contacts/package.json': '{ "name": "x", ' }) },
  { name: 'zip: package.json an array', code: 'HUB_ARCHIVE_PACKAGE_JSON_INVALID', archive: async () => zipOf({ ...valid(), 'contacts/package.json': '[]' }) },
  { name: 'zip: no hub.module', code: 'HUB_ARCHIVE_MODULE_NAME_INVALID', archive: async () => zipOf({ ...valid(), 'contacts/package.json': JSON.stringify({ name: 'x', version: '1.0.0', main: 'dist/index.js' }) }) },
  { name: 'zip: invalid module name', code: 'HUB_ARCHIVE_MODULE_NAME_INVALID', archive: async () => zipOf(under('Contacts-X', moduleFiles('Contacts-X'))) },
  { name: 'zip: reserved module name', code: 'HUB_ARCHIVE_MODULE_NAME_INVALID', archive: async () => zipOf(under('admin', moduleFiles('admin'))) },
  { name: 'zip: module named node_modules', code: 'HUB_ARCHIVE_MODULE_NAME_INVALID', archive: async () => zipOf(under('node_modules', moduleFiles('node_modules'))) },
  { name: 'tgz (npm pack): module named node_modules', code: 'HUB_ARCHIVE_MODULE_NAME_INVALID', archive: async () => npmPack(moduleFiles('node_modules')) },
  { name: 'zip: module named after a Node built-in', code: 'HUB_ARCHIVE_MODULE_NAME_INVALID', archive: async () => zipOf(under('child_process', moduleFiles('child_process'))) },
  { name: 'zip: module named npm', code: 'HUB_ARCHIVE_MODULE_NAME_INVALID', archive: async () => zipOf(under('npm', moduleFiles('npm'))) },
  { name: 'tgz (npm pack): module named package', code: 'HUB_ARCHIVE_MODULE_NAME_INVALID', archive: async () => npmPack(moduleFiles('package')) },
  { name: 'zip: pg_ module name', code: 'HUB_ARCHIVE_MODULE_NAME_INVALID', archive: async () => zipOf(under('pg_stats', moduleFiles('pg_stats'))) },
  { name: 'zip: folder differs from hub.module', code: 'HUB_ARCHIVE_MODULE_NAME_MISMATCH', archive: async () => zipOf(under('crm', moduleFiles('contacts'))) },
  { name: 'zip: invalid npm package name', code: 'HUB_ARCHIVE_PACKAGE_JSON_INVALID', archive: async () => zipOf(under('contacts', moduleFiles('contacts', '1.0.0', { name: '../Evil Name' }))) },
  { name: 'zip: version not semver', code: 'HUB_ARCHIVE_VERSION_INVALID', archive: async () => zipOf(valid('contacts', '1.0')) },
  { name: 'zip: version missing', code: 'HUB_ARCHIVE_VERSION_INVALID', archive: async () => zipOf(under('contacts', moduleFiles('contacts', undefined as unknown as string, { version: undefined }))) },
  { name: 'text named .zip', code: 'HUB_ARCHIVE_NOT_AN_ARCHIVE', archive: async () => Buffer.from('this is not a zip\n') },
  { name: 'PNG named .zip', code: 'HUB_ARCHIVE_NOT_AN_ARCHIVE', archive: async () => Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') },
  { name: 'empty file', code: 'HUB_ARCHIVE_NOT_AN_ARCHIVE', archive: async () => Buffer.alloc(0) },
  { name: 'zip: truncated', code: 'HUB_ARCHIVE_CORRUPT', archive: async () => (await yazlZip(valid())).subarray(0, 300) },
  { name: 'zip: truncated after the central directory start', code: 'HUB_ARCHIVE_CORRUPT', archive: async () => { const z = await yazlZip(valid()); return z.subarray(0, z.length - 10); } },
  { name: 'zip: header lies about the size', code: 'HUB_ARCHIVE_CORRUPT', archive: async () => rawZip([...Object.entries(valid()).map(([n, d]) => bad(n, d as string)), { name: 'contacts/big.bin', data: Buffer.alloc(5_000_000), deflate: true, declaredSize: 1000 }]) },
  { name: 'upload over 50 MB', code: 'HUB_ARCHIVE_TOO_LARGE', archive: async () => async (file) => { await writeFile(file, await yazlZip(valid())); await truncate(file, 50 * 1024 * 1024 + 1); } },
  { name: 'zip: more than 1000 entries', code: 'HUB_ARCHIVE_TOO_MANY_ENTRIES', archive: async () => yazlZip({ ...valid(), ...Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`contacts/f/${i}.txt`, ''])) }, { compress: false }) },
  { name: 'zip: bomb, 200 MB of zeros', code: 'HUB_ARCHIVE_UNCOMPRESSED_TOO_LARGE', archive: async () => (file) => zeroBombZip(file, 200 * 1024 * 1024) },
  { name: 'zip: over the uncompressed limit in many entries', code: 'HUB_ARCHIVE_UNCOMPRESSED_TOO_LARGE', archive: async () => zipOf({ ...valid(), 'contacts/a.bin': Buffer.alloc(600_000), 'contacts/b.bin': Buffer.alloc(600_000) }), extra: { limits: { maxUncompressedBytes: 1_000_000 } } },
  { name: 'tgz: symlink', code: 'HUB_ARCHIVE_LINK_NOT_ALLOWED', archive: async () => rawTgz([...validTar(), { path: 'package/passwd', type: 'SymbolicLink', linkpath: '/etc/passwd' }]) },
  { name: 'tgz: symlink then a file through it', code: 'HUB_ARCHIVE_LINK_NOT_ALLOWED', archive: async () => rawTgz([{ path: 'package/out', type: 'SymbolicLink', linkpath: '../../../..' }, { path: `package/out/${evil}`, data: 'x' }]) },
  { name: 'tgz: hard link', code: 'HUB_ARCHIVE_LINK_NOT_ALLOWED', archive: async () => rawTgz([...validTar(), { path: 'package/shadow', type: 'Link', linkpath: '/etc/shadow' }]) },
  { name: 'tgz: character device', code: 'HUB_ARCHIVE_LINK_NOT_ALLOWED', archive: async () => rawTgz([{ path: 'package/null', type: 'CharacterDevice' }]) },
  { name: 'tgz: block device', code: 'HUB_ARCHIVE_LINK_NOT_ALLOWED', archive: async () => rawTgz([{ path: 'package/sda', type: 'BlockDevice' }]) },
  { name: 'tgz: FIFO', code: 'HUB_ARCHIVE_LINK_NOT_ALLOWED', archive: async () => rawTgz([{ path: 'package/fifo', type: 'FIFO' }]) },
  { name: 'tgz: ".." path', code: 'HUB_ARCHIVE_PATH_TRAVERSAL', archive: async () => rawTgz([...validTar(), { path: `package/../../../../${evil}`, data: 'x' }]) },
  { name: 'tgz: absolute path', code: 'HUB_ARCHIVE_ABSOLUTE_PATH', archive: async () => rawTgz([{ path: join(tmpdir(), evil), data: 'x' }]) },
  { name: 'tgz: duplicate entry', code: 'HUB_ARCHIVE_DUPLICATE_ENTRY', archive: async () => rawTgz([...validTar(), { path: 'package/dist/index.js', data: 'evil()' }]) },
  { name: 'tgz: two top-level folders', code: 'HUB_ARCHIVE_TOP_FOLDER', archive: async () => rawTgz([...validTar(), { path: 'other/x.js', data: '' }]) },
  { name: 'tgz: folder neither "package" nor hub.module', code: 'HUB_ARCHIVE_MODULE_NAME_MISMATCH', archive: async () => rawTgz(validTar('crm')) },
  { name: 'tgz: gzip of something that is not a tar', code: 'HUB_ARCHIVE_CORRUPT', archive: async () => (await import('node:zlib')).gzipSync(Buffer.from('hello, not a tar archive at all'.repeat(40))) },
  { name: 'tgz: truncated', code: 'HUB_ARCHIVE_CORRUPT', archive: async () => { const t = await npmPack(moduleFiles()); return t.subarray(0, Math.floor(t.length / 2)); } },
  { name: 'tgz: bomb, 200 MB of zeros', code: 'HUB_ARCHIVE_UNCOMPRESSED_TOO_LARGE', archive: async () => (file) => zeroBombTgz(file, 200 * 1024 * 1024) },
  { name: 'tgz: valid tar followed by 200 MB of zeros', code: 'HUB_ARCHIVE_UNCOMPRESSED_TOO_LARGE', archive: async () => async (file) => {
    const { createGzip } = await import('node:zlib');
    const { pipeline } = await import('node:stream/promises');
    const { Readable } = await import('node:stream');
    const { createWriteStream } = await import('node:fs');
    const { rawTar, zeros } = await import('./testing/archives.js');
    async function* body() { yield rawTar(validTar()); yield* zeros(200 * 1024 * 1024); }
    await pipeline(Readable.from(body()), createGzip({ level: 1 }), createWriteStream(file));
  } },
  { name: 'downgrade of an installed module', code: 'HUB_ARCHIVE_DOWNGRADE', archive: async () => yazlZip(valid('contacts', '1.0.0')), extra: { installedVersion: (n) => (n === 'contacts' ? '2.0.0' : undefined), replace: true } },
  { name: 'existing module without replace', code: 'HUB_ARCHIVE_EXISTS', archive: async () => yazlZip(under('existing', moduleFiles('existing', '1.0.1'))) },
];

describe('intakeArchive refuses bad archives', () => {
  it('has a corpus covering every 4xx code', () => {
    const covered = new Set(cases.map((c) => c.code));
    const expected = Object.entries(INTAKE_ERRORS).filter(([, v]) => v.status < 500).map(([k]) => k).filter((k) => k !== 'HUB_ARCHIVE_FILE_NOT_FOUND');
    expect(expected.filter((k) => !covered.has(k as IntakeErrorCode))).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(22);
  });

  it.each(cases)('$name → $code', async ({ code, archive, extra }) => {
    const file = await upload(await archive());
    const before = await listTree(root);
    const error = await intakeArchive(file, options(extra)).then(() => undefined, (e: unknown) => e);
    expect(isHubError(error), String(error)).toBe(true);
    const hub = error as import('@hub/kit').HubError;
    expect({ code: hub.code, status: hub.status }).toEqual({ code, status: INTAKE_ERRORS[code].status });
    expect(hub.status).toBeGreaterThanOrEqual(400);
    expect(hub.status).toBeLessThan(500);
    expect(hub.message.length).toBeGreaterThan(10);
    expect(hub.hint).toBeTruthy();
    expect(await listTree(root)).toEqual(before);
    expect(existsSync(join(tmpdir(), evil))).toBe(false);
    expect(existsSync(join(root, evil))).toBe(false);
    await rm(file);
  });

  it('refuses a file that does not exist', async () => {
    await expect(intakeArchive(join(root, 'nope.zip'), options())).rejects.toMatchObject({ code: 'HUB_ARCHIVE_FILE_NOT_FOUND', status: 400 });
  });
});

describe('intakeArchive takes in valid archives', () => {
  it('installs a zip into <addonsDir>/<name> with sane modes, and leaves no temporary folder', async () => {
    const files = { ...valid('notes'), 'notes/package.json': moduleFiles('notes')['package.json'], 'notes/dist/index.js': 'export default {};', 'notes/bin/run.sh': '#!/bin/sh\n' };
    delete (files as Record<string, unknown>)['contacts/package.json'];
    const zip = await yazlZip(Object.fromEntries(Object.entries(files).filter(([k]) => k.startsWith('notes/'))), { mode: { 'notes/bin/run.sh': 0o104755, 'notes/README.md': 0o100666 } });
    const result = await intakeArchive(await upload(zip), options());
    expect(result).toEqual({ name: 'notes', packageName: '@hub/module-notes', version: '1.0.0', dir: join(addonsDir, 'notes'), replaced: false, format: 'zip' });
    expect(JSON.parse(await readFile(join(addonsDir, 'notes', 'package.json'), 'utf8')).hub.module).toBe('notes');
    expect((await stat(join(addonsDir, 'notes', 'bin', 'run.sh'))).mode & 0o7777).toBe(0o755);
    expect((await stat(join(addonsDir, 'notes', 'package.json'))).mode & 0o7000).toBe(0);
    expect(await listTree(tmpDir).catch(() => [])).toEqual([]);
  });

  it('installs a tgz made by a real npm pack', async () => {
    const tgz = await npmPack(moduleFiles('tasks', '0.3.0'));
    const result = await intakeArchive(await upload(tgz, 'tasks-0.3.0.tgz'), options());
    expect(result).toMatchObject({ name: 'tasks', packageName: '@hub/module-tasks', version: '0.3.0', replaced: false, format: 'tgz' });
    expect(await readFile(join(addonsDir, 'tasks', 'dist', 'index.js'), 'utf8')).toContain('tasks');
  });

  it('accepts a zip written with Windows separators', async () => {
    const zip = rawZip(Object.entries(under('winmod', moduleFiles('winmod'))).map(([n, d]) => ({ name: n.replace(/\//g, '\\'), data: d, deflate: true })));
    const result = await intakeArchive(await upload(zip), options());
    expect(existsSync(join(result.dir, 'dist', 'index.js'))).toBe(true);
  });

  it('accepts a zip whose folders are marked with the MS-DOS attribute only', async () => {
    const entries = [{ name: 'dosmod', dos: 0x10 }, { name: 'dosmod/dist', dos: 0x10 }, ...Object.entries(under('dosmod', moduleFiles('dosmod'))).map(([name, data]) => ({ name, data, dos: 0x20 }))];
    const result = await intakeArchive(await upload(rawZip(entries)), options());
    expect(existsSync(join(result.dir, 'dist', 'index.js'))).toBe(true);
    expect((await stat(join(result.dir, 'package.json'))).mode & 0o777).toBe(0o644);
  });

  it('upgrades with replace: the old folder is swapped out whole', async () => {
    await intakeArchive(await upload(await yazlZip(under('billing', { ...moduleFiles('billing', '1.0.0'), 'old-only.txt': 'old' }))), options());
    const result = await intakeArchive(await upload(await yazlZip(under('billing', moduleFiles('billing', '1.1.0')))), options({ replace: true, installedVersion: () => '1.0.0' }));
    expect(result).toMatchObject({ name: 'billing', version: '1.1.0', replaced: true, previousVersion: '1.0.0' });
    expect(existsSync(join(addonsDir, 'billing', 'old-only.txt'))).toBe(false);
    expect(JSON.parse(await readFile(join(addonsDir, 'billing', 'package.json'), 'utf8')).version).toBe('1.1.0');
    expect((await listTree(addonsDir)).filter((p) => p.startsWith('.'))).toEqual([]);
  });

  it('uses a hidden folder next to addonsDir by default and removes it', async () => {
    const result = await intakeArchive(await upload(await yazlZip(under('deftmp', moduleFiles('deftmp')))), { addonsDir });
    expect(result.dir).toBe(join(addonsDir, 'deftmp'));
    expect(existsSync(join(root, '.hub-intake'))).toBe(false);
    const refused = await intakeArchive(await upload(rawZip([bad('deftmp/../x')])), { addonsDir }).catch((e) => e);
    expect(refused.code).toBe('HUB_ARCHIVE_PATH_TRAVERSAL');
    expect(existsSync(join(root, '.hub-intake'))).toBe(false);
  });

  it('creates addonsDir when missing', async () => {
    const fresh = join(root, 'fresh', 'addons');
    const result = await intakeArchive(await upload(await yazlZip(under('fresh', moduleFiles('fresh')))), { addonsDir: fresh, tmpDir });
    expect((await lstat(result.dir)).isDirectory()).toBe(true);
    await rm(join(root, 'fresh'), { recursive: true });
  });
});
