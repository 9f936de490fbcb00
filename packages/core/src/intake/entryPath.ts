import { intakeError } from './errors.js';

const MAX_SEGMENT_BYTES = 255;
const MAX_PATH_BYTES = 1024;
// C0/C1 control characters (NUL included) never belong in a module's file names.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks an archive entry's name and returns its segments, relative and normalized.
 * Backslashes count as separators (Windows zip tools write them); "." and empty segments are
 * dropped. Refuses absolute paths (leading "/" or "\", drive letters such as "C:", UNC) and any
 * ".." segment: nothing is ever resolved against the file system, so no entry can leave the
 * extraction folder. An empty result means the archive's root itself (a "./" entry).
 */
export function entryPathSegments(raw: string): string[] {
  const shown = JSON.stringify(raw.length > 200 ? `${raw.slice(0, 200)}…` : raw);
  if (CONTROL.test(raw)) {
    throw intakeError('HUB_ARCHIVE_PATH_INVALID', `Archive entry ${shown} contains a control character.`, { details: { entry: raw } });
  }
  const path = raw.replace(/\\/g, '/');
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path)) {
    throw intakeError('HUB_ARCHIVE_ABSOLUTE_PATH', `Archive entry ${shown} is an absolute path.`, { details: { entry: raw } });
  }
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) {
    throw intakeError('HUB_ARCHIVE_PATH_TRAVERSAL', `Archive entry ${shown} contains "..", which would write outside the module folder.`, { details: { entry: raw } });
  }
  if (Buffer.byteLength(path) > MAX_PATH_BYTES || segments.some((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES)) {
    throw intakeError('HUB_ARCHIVE_PATH_INVALID', `Archive entry ${shown} has a name that is too long.`, { details: { entry: raw } });
  }
  return segments;
}
