import { describe, expect, it } from 'vitest';
import { entryPathSegments } from './entryPath.js';

describe('entryPathSegments', () => {
  it.each([
    ['contacts/package.json', ['contacts', 'package.json']],
    ['contacts\\dist\\index.js', ['contacts', 'dist', 'index.js']],
    ['./package//dist/./a.js', ['package', 'dist', 'a.js']],
    ['contacts/', ['contacts']],
    ['./', []],
    ['contacts/..foo/a..b', ['contacts', '..foo', 'a..b']],
  ])('accepts %j', (raw, segments) => {
    expect(entryPathSegments(raw)).toEqual(segments);
  });

  it.each([
    ['../evil', 'HUB_ARCHIVE_PATH_TRAVERSAL'],
    ['a/../../evil', 'HUB_ARCHIVE_PATH_TRAVERSAL'],
    ['a/b/..', 'HUB_ARCHIVE_PATH_TRAVERSAL'],
    ['a\\..\\evil', 'HUB_ARCHIVE_PATH_TRAVERSAL'],
    ['/etc/passwd', 'HUB_ARCHIVE_ABSOLUTE_PATH'],
    ['\\evil', 'HUB_ARCHIVE_ABSOLUTE_PATH'],
    ['\\\\server\\share\\x', 'HUB_ARCHIVE_ABSOLUTE_PATH'],
    ['C:\\Windows\\x', 'HUB_ARCHIVE_ABSOLUTE_PATH'],
    ['c:evil', 'HUB_ARCHIVE_ABSOLUTE_PATH'],
    ['a/b\u0000.js', 'HUB_ARCHIVE_PATH_INVALID'],
    ['a/b\n.js', 'HUB_ARCHIVE_PATH_INVALID'],
    [`a/${'x'.repeat(256)}`, 'HUB_ARCHIVE_PATH_INVALID'],
    [`a/${'x/'.repeat(600)}`, 'HUB_ARCHIVE_PATH_INVALID'],
  ])('refuses %j with %s', (raw, code) => {
    expect(() => entryPathSegments(raw)).toThrow(expect.objectContaining({ code }));
  });
});
