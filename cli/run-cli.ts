import type { ConnectionOptions } from "../adapters/messagedb/connection-options.js";
import { installMessageDb, messageDbVersion } from "../adapters/messagedb/installer.js";
import { StrataError } from "../core/index.js";

/** Where the CLI writes; tests pass their own. */
export interface CliOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const USAGE = `Usage:
  strata-es messagedb install [--database-url URL] [--with-role]
      Install the MessageDB schema (the official SQL of @eventide/message-db). Safe to run twice.
      --with-role also creates the message_store role and grants it access (needs CREATEROLE).
  strata-es messagedb version [--database-url URL]
      Print the installed MessageDB version.

  strata-es devtools [--database-url URL] [--port N] [--host ADDRESS --allow-remote]
      Serve the devtools panel for a MessageDB database, read-only, live across processes.
      Binds 127.0.0.1 (default port 4400); prints a URL with a random token, required by every request.

  Without --database-url, the DATABASE_URL environment variable is used.
  --data-dir DIR instead of --database-url targets an embedded PGlite database directory.`;

interface Parsed {
  command: string | undefined;
  flags: Map<string, string | true>;
}

function parse(argv: readonly string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (inline !== undefined) flags.set(name, inline);
    else if (name === "with-role" || name === "help" || name === "allow-remote")
      flags.set(name, true);
    else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) flags.set(name, true);
      else {
        flags.set(name, value);
        i++;
      }
    }
  }
  const [group, command] = positional;
  if (group === "devtools") return { command: "devtools", flags };
  return { command: group === "messagedb" ? command : group ? `?${group}` : undefined, flags };
}

function target(flags: Parsed["flags"], env: CliEnvironment): ConnectionOptions | string {
  const url = flags.get("database-url");
  const dataDir = flags.get("data-dir");
  if (typeof url === "string" && url.length > 0) return { databaseUri: url };
  if (typeof dataDir === "string" && dataDir.length > 0) return { dataDir };
  if (url === undefined && dataDir === undefined && env.DATABASE_URL) {
    return { databaseUri: env.DATABASE_URL };
  }
  return "missing --database-url URL (for example --database-url postgresql://postgres@localhost:5432/app; DATABASE_URL is read when the flag is absent), or --data-dir DIR for embedded PGlite.";
}

/** The environment variables the CLI reads. */
export interface CliEnvironment {
  readonly DATABASE_URL?: string | undefined;
}

/**
 * The `strata-es` command line, as a function: returns the exit code (0 ok, 1 failed, 2 usage).
 *
 * @example
 * process.exitCode = await runCli(["messagedb", "install", "--database-url", url]);
 */
export async function runCli(
  argv: readonly string[],
  io: CliOutput = { out: console.log, err: console.error },
  env: CliEnvironment = process.env,
  stop: Promise<void> = untilInterrupted(),
): Promise<number> {
  const { command, flags } = parse(argv);
  if (flags.has("help") || command === undefined) {
    io.out(USAGE);
    return command === undefined && !flags.has("help") ? 2 : 0;
  }
  if (command === "devtools") return devtools(flags, io, env, stop);
  if (command !== "install" && command !== "version") {
    io.err(`strata-es: unknown command "${command.replace(/^\?/, "")}".\n${USAGE}`);
    return 2;
  }
  const where = target(flags, env);
  if (typeof where === "string") {
    io.err(`strata-es messagedb ${command}: ${where}`);
    return 2;
  }
  try {
    if (command === "install") {
      const result = await installMessageDb(where, { withRole: flags.has("with-role") });
      io.out(
        result.installed
          ? `Installed MessageDB ${result.version} in ${result.database} (${result.files.length} SQL files from @eventide/message-db).`
          : `MessageDB ${result.version} is already installed in ${result.database}; nothing to do (search_path of its functions checked).`,
      );
    } else {
      const version = await messageDbVersion(where);
      if (version === null) {
        io.err(
          "MessageDB is not installed in this database. Run: strata-es messagedb install --database-url URL",
        );
        return 1;
      }
      io.out(`MessageDB ${version}`);
    }
    return 0;
  } catch (error) {
    io.err(
      `strata-es messagedb ${command}: ${error instanceof StrataError ? error.message : String(error)}`,
    );
    return 1;
  }
}

/** Resolves on Ctrl-C or SIGTERM (the devtools bridge runs until then). */
function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
}

async function devtools(
  flags: Parsed["flags"],
  io: CliOutput,
  env: CliEnvironment,
  stop: Promise<void>,
): Promise<number> {
  const where = target(flags, env);
  if (typeof where === "string") {
    io.err(`strata-es devtools: ${where}`);
    return 2;
  }
  const portFlag = flags.get("port");
  const port = portFlag === undefined ? 4400 : Number(portFlag);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(
      `strata-es devtools: --port must be an integer from 0 to 65535, got ${String(portFlag)}.`,
    );
    return 2;
  }
  const host = flags.get("host");
  if (host === true) {
    io.err(
      "strata-es devtools: --host needs an address, for example --host 0.0.0.0 --allow-remote.",
    );
    return 2;
  }
  try {
    const { runBridge } = await import("../devtools/node/cli-bridge.js");
    await runBridge({
      where,
      port,
      host,
      allowRemote: flags.has("allow-remote"),
      out: io.out,
      stop,
    });
    return 0;
  } catch (error) {
    io.err(`strata-es devtools: ${error instanceof StrataError ? error.message : String(error)}`);
    return 1;
  }
}
