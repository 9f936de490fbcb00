import type { HubError } from '@hub/kit';
import { intakeError } from './errors.js';

// File system errors an archive's own content can provoke (checked names make them unlikely).
const INPUT_CAUSED = new Set(['ENAMETOOLONG', 'EEXIST', 'ENOTDIR', 'EISDIR', 'EINVAL', 'EILSEQ']);

/**
 * Maps a failure to write an extracted entry: a name the file system refuses is the archive's
 * fault (400); anything else (disk full, permissions) is the server's (500, no internals in the message).
 */
export function writeFailure(error: unknown, entryPath: string): HubError {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code && INPUT_CAUSED.has(code)) {
    return intakeError('HUB_ARCHIVE_PATH_INVALID', `Archive entry ${JSON.stringify(entryPath)} cannot be written (${code}).`, { cause: error, details: { entry: entryPath } });
  }
  return intakeError('HUB_INTAKE_FAILED', `Writing the extracted module failed on the server${code ? ` (${code})` : ''}.`, { cause: error });
}
