#!/usr/bin/env node
import { main } from '../dist/src/cmd/skiff.js';
main(process.argv).catch((err) => {
  process.stderr.write(`skiff: ${err && err.message ? err.message : String(err)}\n`);
  process.exit(1);
});
