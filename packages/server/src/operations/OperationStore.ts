// Operations in hub.operations, so that any instance on the database can show one and follow its
// progress: the instance running it writes its steps and outcome there (in order, off the request
// path), the others read the row and poll it while it runs. Used on PostgreSQL only: the embedded
// database has one process, whose memory already has every operation.
import type { Database } from '@hub/core';
import type { Logger } from 'pino';
import type { Operation, OperationStatus } from './OperationRegistry.js';

const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `id, action, modules::text AS modules, actor, instance, status, steps::text AS steps, error::text AS error, result::text AS result,
  ${iso('started_at')} AS started_at, ${iso('finished_at')} AS finished_at`;

/** An operation as stored, with the instance that runs it and whether that instance still beats. */
export interface StoredOperation extends Operation {
  instance: string;
}

export class OperationStore {
  /** Per operation, the chain of its writes: steps land in order, the outcome last. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Database,
    readonly instance: string,
    private readonly logger: Logger,
    /** An instance whose last beat is older than this has stopped (see InstanceRegistry). */
    private readonly aliveForMs = 5000,
  ) {}

  private enqueue(id: string, write: () => Promise<unknown>): void {
    const run = (this.writes.get(id) ?? Promise.resolve()).then(write).then(() => undefined, (err) => {
      this.logger.warn({ err, operationId: id }, 'writing the operation to hub.operations failed');
    });
    this.writes.set(id, run);
    void run.then(() => { if (this.writes.get(id) === run) this.writes.delete(id); });
  }

  created(op: Operation): void {
    this.enqueue(op.id, () => this.db.query(
      `INSERT INTO hub.operations (id, action, modules, actor, instance, status, started_at) VALUES ($1, $2, $3::text::jsonb, $4, $5, $6, $7)`,
      [op.id, op.action, JSON.stringify(op.modules), op.actor, this.instance, op.status, op.startedAt],
    ));
  }

  stepped(id: string, step: unknown): void {
    this.enqueue(id, () => this.db.query(`UPDATE hub.operations SET steps = steps || jsonb_build_array($2::text::jsonb) WHERE id = $1`, [id, JSON.stringify(step)]));
  }

  finished(op: Operation): void {
    this.enqueue(op.id, () => this.db.query(
      `UPDATE hub.operations SET status = $2, result = $3::text::jsonb, error = $4::text::jsonb, finished_at = $5 WHERE id = $1`,
      [op.id, op.status, op.result === null ? null : JSON.stringify(op.result), op.error === null ? null : JSON.stringify(op.error), op.finishedAt],
    ));
  }

  /** Resolves once what was written for `id` so far is in the database. */
  async flushed(id: string): Promise<void> {
    await this.writes.get(id);
  }

  async read(id: string): Promise<StoredOperation | undefined> {
    const rows = await this.db.query<Record<string, unknown>>(`SELECT ${COLUMNS}, ${this.stopped()} AS stopped FROM hub.operations o WHERE id = $1`, [id, this.aliveForMs / 1000]);
    return rows[0] ? toOperation(rows[0]) : undefined;
  }

  /** The latest operations of every instance, newest first. */
  async list(limit: number): Promise<StoredOperation[]> {
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT ${COLUMNS}, ${this.stopped()} AS stopped FROM hub.operations o ORDER BY started_at DESC, id LIMIT $1`,
      [limit, this.aliveForMs / 1000],
    );
    return rows.map(toOperation);
  }

  /** Deletes the oldest finished operations beyond `keep`. */
  async prune(keep: number): Promise<void> {
    await this.db.query(
      `DELETE FROM hub.operations WHERE status <> 'running' AND id NOT IN (SELECT id FROM hub.operations ORDER BY started_at DESC LIMIT $1)`,
      [keep],
    );
  }

  /** Whether the instance running an operation no longer beats ($2: seconds an instance counts as alive). */
  private stopped(): string {
    return `(o.status = 'running' AND NOT EXISTS (SELECT 1 FROM hub.instances i WHERE i.id = o.instance AND i.heartbeat_at > now() - make_interval(secs => $2)))`;
  }
}

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.parse(String(v)));

function toOperation(r: Record<string, unknown>): StoredOperation {
  const op: StoredOperation = {
    id: String(r.id), action: r.action as Operation['action'], modules: json(r.modules) as string[], actor: (r.actor as string | null) ?? null,
    instance: String(r.instance), status: r.status as OperationStatus, steps: json(r.steps) ?? [], error: json(r.error), result: json(r.result),
    startedAt: String(r.started_at), finishedAt: (r.finished_at as string | null) ?? null,
  };
  if (r.stopped === true) {
    // Its instance stopped (killed, crashed) before the operation ended: it will never end.
    op.status = 'failed';
    op.error = {
      code: 'HUB_OPERATION_INTERRUPTED', error: `Operation ${op.id} was interrupted: instance ${op.instance} stopped before it ended`,
      hint: 'A change that had not committed was rolled back; the audit log and GET /api/v1/modules show what the database has now.',
    };
  }
  return op;
}
