/**
 * Whether changing a column from type `from` to type `to` keeps every value exactly (a widening):
 * smallint -> integer -> bigint -> numeric, real -> double precision, varchar(n) -> varchar(m >= n),
 * numeric(p,s) -> numeric with at least as many integer and fraction digits, a longer
 * timestamp/time precision, anything -> text (or varchar without a length). Types are drizzle snapshot spellings ("integer",
 * "varchar(20)", "numeric(10, 2)", "timestamp (3) with time zone", "text[]"); enum types come as
 * `enum:<schema>.<name>`. Anything not known to widen counts as narrowing.
 */
export function isWideningType(from: string, to: string): boolean {
  const a = parse(from);
  const b = parse(to);
  if (a.dims !== b.dims) return false;
  if (a.base === b.base && sameArgs(a.args, b.args)) return true;
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
  if (b.base === 'varchar' && (a.base === 'varchar' || a.base === 'char') && a.args.length > 0) return b.args[0] >= a.args[0];
  const precise = ['timestamp', 'timestamptz', 'time', 'timetz', 'interval'];
  if (precise.includes(a.base) && a.base === b.base) {
    return (b.args[0] ?? 6) >= (a.args[0] ?? 6);
  }
  return false;
}

interface ParsedType { base: string; args: number[]; dims: number }

function parse(type: string): ParsedType {
  let t = type.trim().toLowerCase().replace(/\s+/g, ' ');
  let dims = 0;
  while (t.endsWith('[]')) { dims++; t = t.slice(0, -2).trim(); }
  if (t.startsWith('enum:')) return { base: t, args: [], dims };
  const args = [...(t.match(/\(([^)]*)\)/)?.[1]?.split(',') ?? [])].map((x) => Number(x.trim())).filter((n) => Number.isFinite(n));
  let base = t.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
  const aliases: Record<string, string> = {
    int: 'integer', int4: 'integer', int2: 'smallint', int8: 'bigint', serial: 'integer', serial4: 'integer',
    smallserial: 'smallint', serial2: 'smallint', bigserial: 'bigint', serial8: 'bigint',
    'character varying': 'varchar', character: 'char', bpchar: 'char', decimal: 'numeric',
    float4: 'real', float8: 'double precision', float: 'double precision',
    'timestamp without time zone': 'timestamp', 'timestamp with time zone': 'timestamptz',
    'time without time zone': 'time', 'time with time zone': 'timetz',
  };
  base = aliases[base] ?? base;
  return { base, args, dims };
}

function sameArgs(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
