#!/usr/bin/env node
// The `strata` bin: `npx strata messagedb install --database-url URL`.
import { runCli } from "./run-cli.js";

process.exitCode = await runCli(process.argv.slice(2));
