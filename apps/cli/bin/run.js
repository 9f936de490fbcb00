#!/usr/bin/env node
// The `hub` binary. Errors are printed by the commands (one line, exit 1 or 2); runHub maps what
// escapes them (unknown command, oclif's own parse errors) to the same conventions. It exits
// explicitly: database pools and a terminal's stdin must not keep a finished command alive.
import { runHub } from '../dist/main.js';

const code = await runHub(process.argv.slice(2), import.meta.url);
process.exit(code);
