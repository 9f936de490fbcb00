type DrizzleKitApi = typeof import('drizzle-kit/api');

let loading: Promise<DrizzleKitApi> | undefined;

/** drizzle-kit's programmatic API, imported once per process on first use (~120 ms). */
export function loadDrizzleKit(): Promise<DrizzleKitApi> {
  loading ??= import('drizzle-kit/api').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
