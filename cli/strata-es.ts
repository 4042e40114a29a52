#!/usr/bin/env node
// The `strata-es` bin: `npx strata-es messagedb install --database-url URL`.
import { runCli } from "./run-cli.js";

process.exitCode = await runCli(process.argv.slice(2));
