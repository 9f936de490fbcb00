import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { splitLines } from '../db/lines.js';
import { fileFormat, type BackupColumn, type BackupTableEntry } from './manifest.js';

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const NUMERIC_TYPE = /^(smallint|integer|bigint|real|double precision|numeric(\(.*\))?)$/;
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** One field of COPY text format: \N is NULL, backslash escapes decoded. */
export function copyField(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e.length > 1 && e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ESCAPES[e] ?? e;
  });
}

/** A value as JSON the way row_to_json writes it for the common types: numbers, booleans and json as such, the rest as strings. */
function jsonValue(value: string | null, type: string): string {
  if (value === null) return 'null';
  if (NUMERIC_TYPE.test(type) && NUMBER.test(value)) return value;
  if (type === 'boolean') return value === 't' ? 'true' : 'false';
  if (type === 'json' || type === 'jsonb') return value;
  return JSON.stringify(value);
}

/** One COPY text line as a JSON object line. */
export function copyLineToJson(line: string, columns: readonly BackupColumn[]): string {
  const fields = line.split('\t');
  const parts = columns.map((c, i) => `${JSON.stringify(c.name)}:${jsonValue(copyField(fields[i] ?? '\\N'), c.type)}`);
  return `{${parts.join(',')}}`;
}

/**
 * A backed-up table as JSON lines, one object per row (for downloads and tools): numbers
 * (integers, numeric, floats) as JSON numbers with every digit, booleans, json/jsonb as nested
 * JSON, every other type as its PostgreSQL text form (timestamptz with microseconds, bytea as
 * \x hex, arrays as '{...}'). Streams the file with flat memory.
 */
export async function* jsonLinesOf(backupDir: string, entry: BackupTableEntry): AsyncIterable<string> {
  const lines = splitLines(createReadStream(join(backupDir, entry.file)));
  if (fileFormat(entry) === 'jsonl') {
    for await (const line of lines) if (line.length) yield line;
    return;
  }
  for await (const line of lines) if (line.length) yield copyLineToJson(line, entry.columns);
}
