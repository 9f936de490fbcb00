// Checks an answer against the contract, for tests: the schema of the route (success) or the
// host's error answer (failure), and no member the schema does not describe.
import type { z } from 'zod';
import { isErrorCode } from './errorCodes.js';
import { errorAnswer } from './schemas/common.js';
import { fullPath, type HostApiRoute } from './routes.js';

/** Paths of members in `input` that `parsed` (the schema's output) dropped: what the schema does not describe. */
export function undocumentedMembers(input: unknown, parsed: unknown, path = ''): string[] {
  if (Array.isArray(input) && Array.isArray(parsed)) {
    return input.flatMap((v, i) => undocumentedMembers(v, parsed[i], `${path}[${i}]`));
  }
  if (!isPlainObject(input) || !isPlainObject(parsed)) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    const at = path ? `${path}.${key}` : key;
    if (!(key in parsed)) { if (value !== undefined) out.push(at); continue; }
    out.push(...undocumentedMembers(value, parsed[key], at));
  }
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What is wrong with an answer of route `r`: an empty list when it follows the contract. A
 * successful status must be the route's, with a body its answer schema reads without dropping
 * anything; a refusal must be the host's error answer with a code from ERROR_CODES.
 */
export function answerProblems(r: HostApiRoute, status: number, body: unknown): string[] {
  const name = `${r.method.toUpperCase()} ${fullPath(r)} -> ${status}`;
  const ok = [r.status, ...(r.alsoStatuses ?? [])];
  if (status >= 400 && !ok.includes(status)) return schemaProblems(name, errorAnswer, body, (data) => {
    const code = (data as { code: string }).code;
    return isErrorCode(code) ? [] : [`${name}: code ${JSON.stringify(code)} is not in ERROR_CODES`];
  });
  if (!ok.includes(status)) return [`${name}: expected status ${ok.join(' or ')}`];
  if (r.answer === 'empty') return body === undefined || body === null || body === '' ? [] : [`${name}: expected no body`];
  if (r.answer !== 'json') return [];
  if (!r.response) return [`${name}: the route has no answer schema`];
  return schemaProblems(name, r.response, body);
}

function schemaProblems(name: string, schema: z.ZodType, body: unknown, more: (data: unknown) => string[] = () => []): string[] {
  const parsed = schema.safeParse(body);
  if (!parsed.success) return parsed.error.issues.map((i) => `${name}: ${i.path.join('.') || '(body)'}: ${i.message}`);
  return [...undocumentedMembers(body, parsed.data).map((p) => `${name}: ${p} is not in the schema`), ...more(parsed.data)];
}
