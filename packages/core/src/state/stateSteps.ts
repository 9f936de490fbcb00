/**
 * The engine's own tables in schema `hub`, as an ordered list of versioned DDL steps. A step is
 * never edited once released: add a new one. `hub.schema_version` records the applied steps.
 */
export interface StateStep {
  version: number;
  description: string;
  sql: string;
}

export const STATE_STEPS: readonly StateStep[] = [
  {
    version: 1,
    description: 'modules, migrations, backups, audit, ownership',
    sql: `
CREATE TABLE hub.modules (
  name text PRIMARY KEY,
  version text NOT NULL,
  state text NOT NULL CHECK (state IN ('installed', 'uninstalled')),
  enabled boolean NOT NULL DEFAULT true,
  snapshot jsonb NOT NULL,
  manifest_hash text,
  installed_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE hub.migrations (
  id bigserial PRIMARY KEY,
  module text NOT NULL,
  action text NOT NULL,
  from_version text,
  to_version text NOT NULL,
  up jsonb NOT NULL,
  down jsonb NOT NULL,
  down_data_loss jsonb NOT NULL DEFAULT '[]',
  snapshot_before jsonb,
  snapshot_after jsonb NOT NULL,
  checksum text NOT NULL,
  operation_id text,
  applied_at timestamptz NOT NULL DEFAULT now(),
  applied_by text,
  rolled_back_at timestamptz,
  rolled_back_by text
);
CREATE INDEX migrations_module_idx ON hub.migrations (module, id);
CREATE TABLE hub.backups (
  id text PRIMARY KEY,
  module text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  reason text NOT NULL,
  path text NOT NULL,
  tables jsonb NOT NULL
);
CREATE INDEX backups_module_idx ON hub.backups (module, created_at);
CREATE TABLE hub.audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text,
  action text NOT NULL,
  module text,
  ok boolean NOT NULL,
  operation_id text,
  detail jsonb
);
CREATE INDEX audit_module_idx ON hub.audit (module, id);
CREATE TABLE hub.ownership (
  schema_name text NOT NULL,
  table_name text NOT NULL,
  column_name text,
  kind text NOT NULL CHECK (kind IN ('table', 'column', 'enum', 'sequence', 'schema')),
  module text NOT NULL
);
CREATE UNIQUE INDEX ownership_object_idx ON hub.ownership (schema_name, table_name, coalesce(column_name, ''), kind);
CREATE INDEX ownership_module_idx ON hub.ownership (module);
`,
  },
  {
    version: 2,
    description: 'ownership of indexes (every table, column, index and enum has an owner)',
    sql: `
ALTER TABLE hub.ownership DROP CONSTRAINT IF EXISTS ownership_kind_check;
ALTER TABLE hub.ownership ADD CONSTRAINT ownership_kind_check CHECK (kind IN ('table', 'column', 'index', 'enum', 'sequence', 'schema'));
`,
  },
  {
    version: 3,
    description: 'cluster: generation of the module state, instance registry, shared rate limits',
    sql: `
CREATE TABLE hub.state (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  generation bigint NOT NULL DEFAULT 0,
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO hub.state DEFAULT VALUES;
CREATE TABLE hub.instances (
  id text PRIMARY KEY,
  host text NOT NULL,
  pid integer NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  generation bigint NOT NULL DEFAULT 0,
  modules jsonb NOT NULL DEFAULT '{}'
);
CREATE TABLE hub.rate_limits (
  key text PRIMARY KEY,
  hits integer NOT NULL,
  reset_at timestamptz NOT NULL
);
`,
  },
  {
    version: 4,
    description: 'ownership of views and materialized views',
    sql: `
ALTER TABLE hub.ownership DROP CONSTRAINT IF EXISTS ownership_kind_check;
ALTER TABLE hub.ownership ADD CONSTRAINT ownership_kind_check CHECK (kind IN ('table', 'column', 'index', 'enum', 'sequence', 'view', 'schema'));
`,
  },
  {
    version: 5,
    description: 'cluster: drains (modules taken out of service on every instance before a change removes something)',
    sql: `
CREATE TABLE hub.drains (
  id text PRIMARY KEY,
  owner text NOT NULL,
  modules jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    version: 6,
    description: 'online phase: steps that run after a transaction commits (CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT)',
    sql: `
CREATE TABLE hub.online_steps (
  id bigserial PRIMARY KEY,
  operation_id text NOT NULL,
  module text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('index', 'validate')),
  sql text NOT NULL,
  index_name text,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  ran_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  done_at timestamptz
);
CREATE INDEX online_steps_open_idx ON hub.online_steps (module) WHERE state <> 'done';
`,
  },
  {
    // Version 7 was never released (uploaded module code is step 9).
    version: 8,
    description: 'cluster: whether each migration kept older code working (version skew), and lifecycle operations readable through any instance',
    sql: `
ALTER TABLE hub.migrations ADD COLUMN IF NOT EXISTS compatible boolean;
CREATE TABLE IF NOT EXISTS hub.operations (
  id text PRIMARY KEY,
  action text NOT NULL,
  modules jsonb NOT NULL,
  actor text,
  instance text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  steps jsonb NOT NULL DEFAULT '[]',
  error jsonb,
  result jsonb,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX IF NOT EXISTS operations_started_idx ON hub.operations (started_at DESC);
`,
  },
  {
    // After 8: databases made while 8 had landed without it still get it.
    version: 9,
    description: 'uploaded module code: content-addressed archives, the current upload of each module, the code each installed module and each migration ran',
    sql: `
CREATE TABLE IF NOT EXISTS hub.module_code (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  module text NOT NULL,
  package_name text NOT NULL,
  version text NOT NULL,
  archive bytea NOT NULL,
  files integer NOT NULL,
  bytes bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS module_code_module_idx ON hub.module_code (module);
CREATE TABLE IF NOT EXISTS hub.uploads (
  module text PRIMARY KEY,
  sha256 text NOT NULL REFERENCES hub.module_code (sha256),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  uploaded_by text
);
ALTER TABLE hub.modules ADD COLUMN IF NOT EXISTS code_sha256 text;
ALTER TABLE hub.migrations ADD COLUMN IF NOT EXISTS code_before text, ADD COLUMN IF NOT EXISTS code_after text;
`,
  },
  {
    version: 10,
    description: 'PostgreSQL extensions: which module needs which, and those Hub created (the only ones it may drop)',
    sql: `
CREATE TABLE IF NOT EXISTS hub.pg_extensions (
  name text PRIMARY KEY,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS hub.pg_extension_needs (
  module text NOT NULL,
  extension text NOT NULL,
  PRIMARY KEY (module, extension)
);
`,
  },
];
