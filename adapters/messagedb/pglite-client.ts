import { SerialQueue } from "./serial-queue.js";
import type { Row, SqlClient, SqlSession, Statement } from "./sql-client.js";
import { parseUtcTimestamp, TIMESTAMP_OID } from "./utc-timestamp.js";

type QueryOptions = { parsers?: Record<number, (value: string, typeId: number) => unknown> };

/** What the store uses of a PGlite transaction. */
export interface PGliteTransactionLike {
  query(text: string, values?: unknown[], options?: QueryOptions): Promise<{ rows: unknown[] }>;
  exec(script: string): Promise<unknown>;
}

/**
 * What the store uses of a PGlite instance: any `new PGlite()` or `await PGlite.create()` fits.
 *
 * @example
 * import { PGlite } from "@electric-sql/pglite";
 * const store = new MessageDBEventStore({ pglite: await PGlite.create("./data") });
 */
export interface PGliteLike extends PGliteTransactionLike {
  transaction<T>(work: (tx: PGliteTransactionLike) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly closed?: boolean;
}

const options: QueryOptions = { parsers: { [TIMESTAMP_OID]: parseUtcTimestamp } };

/** PGlite access for the store: every call queued, so one statement or transaction runs at a time. */
export class PGliteSqlClient implements SqlClient {
  readonly embedded = true;
  readonly #queue = new SerialQueue();

  constructor(
    readonly db: PGliteLike,
    readonly label: string,
    private readonly ownsDb: boolean,
    private readonly onInstalled?: () => Promise<void>,
  ) {}

  async installed(): Promise<void> {
    await this.#queue.run(async () => this.onInstalled?.());
  }

  query(statement: Statement, values: readonly unknown[] = []): Promise<Row[]> {
    const text = typeof statement === "string" ? statement : statement.text;
    return this.#queue.run(
      async () => (await this.db.query(text, [...values], options)).rows as Row[],
    );
  }

  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.#queue.run(() =>
      this.db.transaction((tx) =>
        work({
          query: async (text, values = []) =>
            (await tx.query(text, [...values], options)).rows as Row[],
          exec: async (script) => {
            await tx.exec(script);
          },
        }),
      ),
    );
  }

  async close(): Promise<void> {
    if (this.ownsDb && !this.db.closed) await this.#queue.run(() => this.db.close());
  }
}
