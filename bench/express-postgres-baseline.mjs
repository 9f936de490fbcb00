// A hand-written Express + postgres.js handler in its own process, the baseline of the module-roles
// benchmark: GET /people checks the bearer token as base does (sha256 lookup of an unrevoked,
// unexpired token of an active user) and returns 20 rows of contacts.people as JSON. With a second
// argument (ms), a token check is remembered that long, as the hub's token cache does (at most 1 s).
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const [url, cacheArg] = process.argv.slice(2);
const cacheMs = Number(cacheArg ?? 0);
const checked = new Map();
const require = createRequire(new URL('../packages/server/package.json', import.meta.url));
const express = require('express');
const postgres = (await import(new URL('../packages/core/node_modules/postgres/src/index.js', import.meta.url).href)).default;
const sql = postgres(url, { max: 10, onnotice: () => {} });
const app = express();
app.get('/people', async (req, res) => {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!token) return res.status(401).json({ error: 'no token' });
  if (!(checked.get(token) > Date.now())) {
    const hash = createHash('sha256').update(token).digest('hex');
    const [row] = await sql`SELECT t.id FROM base.api_tokens t JOIN base.users u ON u.id = t.user_id
      WHERE t.token_hash = ${hash} AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND u.is_active`;
    if (!row) return res.status(401).json({ error: 'bad token' });
    if (cacheMs > 0) checked.set(token, Date.now() + cacheMs);
  }
  res.json(await sql`SELECT * FROM contacts.people ORDER BY full_name, id LIMIT 20`);
});
const server = createServer(app);
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => { if (m === 'exit') server.close(() => sql.end().then(() => process.exit(0))); });
process.on('disconnect', () => process.exit(0));
