/** `@hub/module-<x>` -> the module name x stands for (dashes read as underscores), else undefined. */
export function moduleNameFromPackage(packageName: string): string | undefined {
  const m = /^@hub\/module-(.+)$/.exec(packageName);
  return m ? m[1]!.replace(/-/g, '_') : undefined;
}
