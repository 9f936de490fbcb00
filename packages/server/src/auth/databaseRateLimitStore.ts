// The login rate limit's counters in hub.rate_limits, so that every instance on the database
// counts the same failed logins (a per-process count would give N times the limit to N instances).
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import type { Database } from '@hub/core';

export class DatabaseRateLimitStore implements Store {
  private windowMs = 60_000;
  private increments = 0;
  readonly localKeys = false;

  constructor(private readonly db: Database, readonly prefix = 'login:') {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    // A window that ended starts again at 1; otherwise one more hit in the same window.
    const rows = await this.db.query<{ hits: number; reset_ms: number | string }>(
      `INSERT INTO hub.rate_limits AS r (key, hits, reset_at) VALUES ($1, 1, now() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.reset_at <= now() THEN 1 ELSE r.hits + 1 END,
         reset_at = CASE WHEN r.reset_at <= now() THEN excluded.reset_at ELSE r.reset_at END
       RETURNING hits, (extract(epoch FROM reset_at) * 1000)::float8 AS reset_ms`,
      [this.prefix + key, this.windowMs / 1000],
    );
    if (++this.increments % 100 === 0) void this.db.query('DELETE FROM hub.rate_limits WHERE reset_at < now()').catch(() => undefined);
    return { totalHits: Number(rows[0]!.hits), resetTime: new Date(Number(rows[0]!.reset_ms)) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const rows = await this.db.query<{ hits: number; reset_ms: number | string }>(
      'SELECT hits, (extract(epoch FROM reset_at) * 1000)::float8 AS reset_ms FROM hub.rate_limits WHERE key = $1 AND reset_at > now()',
      [this.prefix + key],
    );
    return rows[0] ? { totalHits: Number(rows[0].hits), resetTime: new Date(Number(rows[0].reset_ms)) } : undefined;
  }

  async decrement(key: string): Promise<void> {
    await this.db.query('UPDATE hub.rate_limits SET hits = greatest(hits - 1, 0) WHERE key = $1', [this.prefix + key]);
  }

  async resetKey(key: string): Promise<void> {
    await this.db.query('DELETE FROM hub.rate_limits WHERE key = $1', [this.prefix + key]);
  }
}
