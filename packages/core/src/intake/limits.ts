/** Limits applied to an uploaded archive; every one is checked while streaming. */
export interface IntakeLimits {
  /** Size of the uploaded file. Default 50 MB. */
  maxUploadBytes: number;
  /** Sum of the unpacked files' sizes (counted while inflating). Default 100 MB. */
  maxUncompressedBytes: number;
  /** Files and folders in the archive. Default 1000. */
  maxEntries: number;
  /** Size of package.json. Default 100 KB. */
  maxPackageJsonBytes: number;
}

const MB = 1024 * 1024;

export const DEFAULT_INTAKE_LIMITS: Readonly<IntakeLimits> = Object.freeze({
  maxUploadBytes: 50 * MB,
  maxUncompressedBytes: 100 * MB,
  maxEntries: 1000,
  maxPackageJsonBytes: 100 * 1024,
});

export function resolveIntakeLimits(limits: Partial<IntakeLimits> = {}): IntakeLimits {
  const out = { ...DEFAULT_INTAKE_LIMITS };
  for (const key of Object.keys(out) as (keyof IntakeLimits)[]) {
    const value = limits[key];
    if (value !== undefined) {
      if (!Number.isFinite(value) || value < 0) throw new TypeError(`intake limit ${key} must be a non-negative number, got ${value}`);
      out[key] = value;
    }
  }
  return out;
}
