import type { ErrorBody } from './types';

const BRAND = Symbol.for('@hub/admin/ApiError');

/** An error answered by the hub (or a network failure, status 0), with what to do about it. */
export class ApiError extends Error {
  readonly [BRAND] = true;
  readonly status: number;
  readonly code: string;
  readonly hint?: string;
  readonly module?: string;
  readonly details?: unknown;

  constructor(status: number, body: ErrorBody) {
    super(body.error || `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? `HTTP_${status}`;
    this.hint = body.hint;
    this.module = body.module;
    this.details = body.details;
  }

  static is(e: unknown): e is ApiError {
    return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** What to show a person for any thrown value: a message and, when known, how to fix it. */
export function describeError(e: unknown): { message: string; hint?: string; code?: string } {
  if (ApiError.is(e)) return { message: e.message, hint: e.hint, code: e.code };
  if (e instanceof Error) return { message: e.message };
  if (e && typeof e === 'object') {
    const o = e as { message?: unknown; error?: unknown; hint?: unknown; code?: unknown };
    const message = typeof o.error === 'string' ? o.error : typeof o.message === 'string' ? o.message : JSON.stringify(e);
    return { message, hint: typeof o.hint === 'string' ? o.hint : undefined, code: typeof o.code === 'string' ? o.code : undefined };
  }
  return { message: String(e) };
}

/** Parses a non-2xx response into an ApiError, whatever the body is. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: ErrorBody = { error: `${res.status} ${res.statusText}`.trim() };
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      const json = JSON.parse(text);
      if (json && typeof json === 'object') body = { ...json, error: json.error ?? json.message ?? body.error };
    } catch {
      body = { error: text.length > 300 ? `${res.status} ${res.statusText}` : text };
    }
  }
  return new ApiError(res.status, body);
}
