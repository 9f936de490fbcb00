import { HubApiError } from '@hub/api/lite';

/** What to show a person for any thrown value: a message and, when known, how to fix it. */
export function describeError(e: unknown): { message: string; hint?: string; code?: string } {
  if (HubApiError.is(e)) return { message: e.message, hint: e.hint, code: e.code };
  if (e instanceof Error) return { message: e.message };
  return { message: String(e) };
}
