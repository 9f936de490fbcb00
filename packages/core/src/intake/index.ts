// Archive intake: uploaded module archives (zip, npm-pack tgz) checked, extracted and moved into the addons folder.
export { intakeArchive } from './intakeArchive.js';
export type { IntakeOptions, IntakeResult } from './types.js';
export { DEFAULT_INTAKE_LIMITS, type IntakeLimits } from './limits.js';
export { INTAKE_ERRORS, type IntakeErrorCode } from './errors.js';
