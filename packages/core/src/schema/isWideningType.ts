/**
 * Whether changing a column from type `from` to type `to` keeps every value exactly (a widening):
 * smallint -> integer -> bigint -> numeric, real -> double precision, varchar(n) -> varchar(m >= n),
 * char(n) -> char(m >= n) or varchar(m >= n), numeric(p,s) -> numeric with at least as many
 * integer and fraction digits, a longer timestamp/time/interval precision, an interval without
 * its field restriction, date -> timestamp, cidr -> inet, macaddr -> macaddr8, jsonb -> json,
 * anything -> text (or varchar without a length). Arrays widen when their elements do; PostgreSQL
 * ignores declared array sizes, so `text[2]` is `text[]`.
 *
 * Types are drizzle snapshot spellings, as drizzle-kit emits them for every pg-core column
 * ("integer", "varchar(20)", "numeric(10, 2)", "timestamp (3) with time zone", "interval day to
 * second(3)", "geometry(point)", "vector(3)", "text[3][]"); enum types come as
 * `enum:<schema>.<name>`. Anything not known to widen counts as narrowing.
 */
export function isWideningType(from: string, to: string): boolean {
  const a = parse(from);
  const b = parse(to);
  if (a.dims !== b.dims) return false;
  if (a.base === b.base && a.modifiers === b.modifiers) return true;
  const ints = ['smallint', 'integer', 'bigint'];
  if (ints.includes(a.base) && ints.includes(b.base)) return ints.indexOf(b.base) >= ints.indexOf(a.base);
  if (a.base === 'smallint' && (b.base === 'real' || b.base === 'double precision')) return true;
  if (a.base === 'integer' && b.base === 'double precision') return true;
  if (ints.includes(a.base) && b.base === 'numeric') {
    if (b.args.length === 0) return true;
    const digits = { smallint: 5, integer: 10, bigint: 19 }[a.base as 'smallint'];
    return (b.args[0] ?? 0) - (b.args[1] ?? 0) >= digits;
  }
  if (a.base === 'real' && b.base === 'double precision') return true;
  if (a.base === 'numeric' && b.base === 'numeric') {
    if (b.args.length === 0) return true;
    if (a.args.length === 0) return false;
    const [p1, s1 = 0] = a.args;
    const [p2, s2 = 0] = b.args;
    return s2 >= s1 && p2 - s2 >= p1 - s1;
  }
  // Every value has an exact text form: unbounded text keeps it.
  if (b.base === 'text' || (b.base === 'varchar' && b.args.length === 0)) return true;
  // char without a length is char(1); its trailing blanks are not significant.
  const length = (t: ParsedType) => t.args[0] ?? (t.base === 'char' ? 1 : Infinity);
  if ((b.base === 'varchar' || b.base === 'char') && (a.base === 'varchar' || a.base === 'char') && !(a.base === 'varchar' && b.base === 'char')) {
    return length(b) >= length(a);
  }
  const precise = ['timestamp', 'timestamptz', 'time', 'timetz'];
  if (precise.includes(a.base) && a.base === b.base) return precision(b) >= precision(a);
  if (a.base.startsWith('interval') && b.base.startsWith('interval')) {
    // 'interval day' keeps fewer fields than 'interval': only dropping the restriction widens.
    return (a.base === b.base || b.base === 'interval') && precision(b) >= precision(a);
  }
  if (a.base === 'date' && b.base === 'timestamp') return true;
  if (a.base === 'cidr' && b.base === 'inet') return true;
  if (a.base === 'macaddr' && b.base === 'macaddr8') return true;
  if (a.base === 'jsonb' && b.base === 'json') return true;
  return false;
}

interface ParsedType {
  base: string;
  /** Numeric type modifiers, e.g. [10, 2] for numeric(10, 2). */
  args: number[];
  /** The modifiers as written (numeric or not, e.g. "point" for geometry(point)), for equality. */
  modifiers: string;
  dims: number;
}

function precision(t: ParsedType): number {
  return t.args[0] ?? 6;
}

function parse(type: string): ParsedType {
  let t = type.trim().toLowerCase().replace(/\s+/g, ' ');
  let dims = 0;
  for (let m = t.match(/\s*\[\d*\]$/); m; m = t.match(/\s*\[\d*\]$/)) { dims++; t = t.slice(0, t.length - m[0].length); }
  if (t.startsWith('enum:')) return { base: t, args: [], modifiers: '', dims };
  const modifiers = (t.match(/\(([^)]*)\)/)?.[1] ?? '').replace(/\s+/g, '');
  const args = modifiers ? modifiers.split(',').map(Number).filter((n) => Number.isFinite(n)) : [];
  let base = t.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
  const aliases: Record<string, string> = {
    int: 'integer', int4: 'integer', int2: 'smallint', int8: 'bigint', serial: 'integer', serial4: 'integer',
    smallserial: 'smallint', serial2: 'smallint', bigserial: 'bigint', serial8: 'bigint',
    'character varying': 'varchar', character: 'char', bpchar: 'char', decimal: 'numeric',
    float4: 'real', float8: 'double precision', float: 'double precision', bool: 'boolean',
    'timestamp without time zone': 'timestamp', 'timestamp with time zone': 'timestamptz',
    'time without time zone': 'time', 'time with time zone': 'timetz', 'bit varying': 'varbit',
  };
  base = aliases[base] ?? base;
  return { base, args, modifiers, dims };
}
