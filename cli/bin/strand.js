#!/usr/bin/env node
// The `strand` command. This committed shim is what npm links into node_modules/.bin at install
// time; the compiled CLI (dist/, built by the root `prepare` script after linking) does the work.
await import('../dist/main.js');
