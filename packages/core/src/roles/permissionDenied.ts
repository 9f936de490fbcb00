import { HubError, isHubError } from '@hub/kit';

const VERBS: [RegExp, string][] = [
  [/^\s*(with\b[\s\S]*?\)\s*)?select\b/i, 'select'],
  [/^\s*(with\b[\s\S]*?\)\s*)?insert\b/i, 'insert'],
  [/^\s*(with\b[\s\S]*?\)\s*)?update\b/i, 'update'],
  [/^\s*(with\b[\s\S]*?\)\s*)?delete\b/i, 'delete'],
  [/^\s*truncate\b/i, 'truncate'],
  [/^\s*(create|alter|drop|comment|grant|revoke)\b/i, 'create'],
];

function sqlStateOf(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  for (let e = error as { message?: unknown; cause?: unknown; code?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    if (e.code === '42501' && typeof e.message === 'string') return e.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** `contacts.people` for "permission denied for table people" when the statement names "contacts"."people". */
function qualified(kind: string, name: string, text: string): string {
  if (kind === 'schema') return name;
  const m = new RegExp(`"?([a-z_][a-z0-9_]*)"?\\s*\\.\\s*"?${name.replace(/[^a-z0-9_]/gi, '')}"?(?![a-z0-9_])`, 'i').exec(text);
  return m ? `${m[1]}.${name}` : name;
}

/**
 * The error a module's statement throws when its role lacks a privilege (SQLSTATE 42501): names
 * the module, the object and the privilege, and says how to declare it. Other errors pass through.
 */
export function permissionDenied(module: string, error: unknown, text: string): unknown {
  if (isHubError(error) || sqlStateOf(error) !== '42501') return error;
  const message = messageOf(error);
  const m = /permission denied for (schema|table|relation|sequence|view|column|function|database) "?([^\s"]+)"?/i.exec(message);
  const kind = (m?.[1] ?? 'object').toLowerCase();
  const object = m ? qualified(kind, m[2]!, text) : 'an object';
  const verb = VERBS.find(([re]) => re.test(text))?.[1] ?? 'use';
  const privilege = kind === 'schema' ? (verb === 'create' ? 'create' : 'usage') : kind === 'sequence' ? 'usage' : verb;
  const schema = object.includes('.') ? object.split('.')[0]! : kind === 'schema' ? object : undefined;
  let hint: string;
  if (schema === 'hub' || schema === 'public' || privilege === 'create' || (schema && /^(pg_|information_schema)/.test(schema))) {
    hint = `Module code never gets ${privilege} on ${object}: the host owns its state, "public" and all DDL; declare tables in the module's schema instead.`;
  } else if (schema && schema !== module && ['insert', 'update', 'delete', 'select'].includes(privilege) && kind !== 'schema') {
    hint = `To ${privilege} ${object}, depend on its module and declare it: defineModule({ access: { grants: { '${object}': ['${privilege}'] } } }) (a secret column is never granted).`;
  } else if (schema && schema !== module) {
    hint = `Module "${module}" reads only the schemas of the modules it depends on: add that module to the dependencies in package.json.`;
  } else {
    hint = 'A module may use its own schema, read the schemas of its dependencies and write the extension columns it owns; declare more in defineModule({ access }).';
  }
  const what = kind === 'object' ? object : `${kind} ${object}`;
  const missing = privilege === verb ? `may not ${verb} ${what}` : `may not ${verb} there: it has no ${privilege} privilege on ${what}`;
  return new HubError('HUB_MODULE_PERMISSION_DENIED', `Module "${module}" ${missing} (${message})`, {
    module, status: 500, hint, cause: error, details: { module, object, kind, privilege, operation: verb, statement: text.slice(0, 1000) },
  });
}
