import semver from 'semver';

/**
 * Whether a module's peer range on @hub/kit accepts the host's kit version. A module without a
 * range accepts any host. `workspace:*`, `workspace:^` and `workspace:~` (a module inside the
 * host's own workspace) accept it; `workspace:<range>` is checked as <range>. Prereleases count.
 */
export function hostRangeAccepts(range: string | undefined, kitVersion: string): boolean {
  if (range === undefined || range.trim() === '') return true;
  let r = range.trim();
  if (r.startsWith('workspace:')) {
    r = r.slice('workspace:'.length);
    if (r === '*' || r === '^' || r === '~' || r === '') return true;
  }
  const valid = semver.validRange(r);
  if (valid === null) return false;
  return semver.satisfies(kitVersion, valid, { includePrerelease: true });
}
