// A plain Express app in its own process for the dispatch benchmark: the route GET <path> answered by
// the named export of a module file. Tells its parent { port } once listening, and its CPU time
// whenever asked ('cpu'). It loads nothing of the hub's, so the baseline process stays lean.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [file, exportName, path] = process.argv.slice(2);
const express = createRequire(new URL('../packages/server/package.json', import.meta.url))('express');
const handler = (await import(pathToFileURL(file).href))[exportName];
const app = express();
app.get(path, handler);
const server = createServer(app);
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => {
  if (m === 'cpu') process.send({ cpu: process.cpuUsage() });
  if (m === 'exit') server.close(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
