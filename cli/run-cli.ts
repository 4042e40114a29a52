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
    else if (name === "with-role" || name === "help") flags.set(name, true);
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
): Promise<number> {
  const { command, flags } = parse(argv);
  if (flags.has("help") || command === undefined) {
    io.out(USAGE);
    return command === undefined && !flags.has("help") ? 2 : 0;
  }
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
