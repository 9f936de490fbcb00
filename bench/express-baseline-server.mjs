// A plain Express app in its own process for the dispatch benchmark: the route GET <path> answered by
// the named export of a module file (with --shaped, served with the hub's request classes).
// Tells its parent { port } once listening, and its CPU time whenever asked ('cpu').
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repo, shapedMessages } from './server-lib.mjs';

const [file, exportName, path, mode] = process.argv.slice(2);
const express = createRequire(join(repo, 'packages/server/package.json'))('express');
const handler = (await import(pathToFileURL(file).href))[exportName];
const app = express();
app.get(path, handler);
const server = createServer(mode === '--shaped' ? shapedMessages(app) : {}, app);
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => {
  if (m === 'cpu') process.send({ cpu: process.cpuUsage() });
  if (m === 'exit') server.close(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
