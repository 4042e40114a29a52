import type { ConnectionOptions } from "../../adapters/messagedb/connection-options.js";
import { openReadOnlyStore } from "./read-only-store.js";
import { serveStore } from "./serve.js";

/** Options of the `strata-es devtools` command. */
export interface BridgeCommand {
  readonly where: ConnectionOptions;
  readonly port: number;
  readonly host: string | undefined;
  readonly allowRemote: boolean;
  readonly out: (line: string) => void;
  /** Resolves when the bridge should stop (Ctrl-C). */
  readonly stop: Promise<void>;
}

/**
 * `npx strata-es devtools`: a read-only bridge on a MessageDB database. Prints the database
 * without its password, what the store holds (categories listed by skip-scan, with the time it
 * took), and the URL with the token.
 */
export async function runBridge(command: BridgeCommand): Promise<void> {
  const { store, database, close } = await openReadOnlyStore(command.where);
  try {
    command.out(`Strata devtools: reading ${database} (read-only sessions)`);
    const catalog = await store.catalog();
    const started = performance.now();
    const stats = await catalog.stats();
    let categories = 0;
    let after = "";
    for (;;) {
      const page = await catalog.categories({ after, limit: 500 });
      categories += page.length;
      if (page.length < 500) break;
      after = (page.at(-1) as { category: string }).category;
      command.out(`  listing categories… ${categories}`);
    }
    command.out(
      `  ${stats.lastGlobalPosition.toLocaleString("en")} messages by global position (~${stats.estimatedMessages.toLocaleString("en")} estimated), ${categories} categories, listed in ${(performance.now() - started).toFixed(0)} ms; the panel reads the latest messages and pages the rest on demand`,
    );
    const server = await serveStore(store, database, {
      port: command.port,
      host: command.host,
      allowRemote: command.allowRemote,
    });
    command.out(`  open ${server.url}`);
    command.out("  Ctrl-C stops it.");
    await command.stop;
    await server.close();
  } finally {
    await close();
  }
}
