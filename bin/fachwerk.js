#!/usr/bin/env node
// The published entry point runs the compiled CLI (`npm run build` writes dist/).
import { runCli } from '../dist/cli/fachwerk.js';

await runCli(process.argv);
