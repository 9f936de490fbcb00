#!/usr/bin/env node
// The `hub` binary. Errors are printed by the commands (one line, exit 1 or 2); this only maps
// what escapes them (unknown command, oclif's own parse errors) to the same conventions.
import { runHub } from '../dist/main.js';

process.exitCode = await runHub(process.argv.slice(2), import.meta.url);
