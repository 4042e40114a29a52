import type { Row, SqlClient, SqlSession, Statement } from "./sql-client.js";
import { parseUtcTimestamp, TIMESTAMP_OID } from "./utc-timestamp.js";

/** The part of a `pg` PoolClient the store uses. */
export interface PgPoolClient {
  query(config: {
    name?: string;
    text: string;
    values?: unknown[];
    types?: {
      getTypeParser: (oid: number, format?: "text" | "binary") => (value: string) => unknown;
    };
  }): Promise<{ rows: Row[] }>;
  query(text: string): Promise<unknown>;
  release(destroy?: Error | boolean): void;
  on(event: "error", listener: (error: Error) => void): unknown;
}

/**
 * The part of a `pg` Pool the store uses: any `new pg.Pool(...)` fits.
 *
 * @example
 * import pg from "pg";
 * const store = new MessageDBEventStore({ pool: new pg.Pool({ connectionString }) });
 */
export interface PgPool {
  connect(): Promise<PgPoolClient>;
  end(): Promise<void>;
}

type TypeParser = (value: string) => unknown;

/**
 * Per-query type parsers: `time` as UTC. Given on each query rather than on the pool, so a pool
 * passed in by the user reads dates right too, and pg's global parsers stay untouched.
 */
function typesFor(defaults: {
  getTypeParser: (oid: number, format?: "text" | "binary") => TypeParser;
}): { getTypeParser: (oid: number, format?: "text" | "binary") => TypeParser } {
  return {
    getTypeParser: (oid, format) =>
      oid === TIMESTAMP_OID && format !== "binary"
        ? parseUtcTimestamp
        : defaults.getTypeParser(oid, format),
  };
}

/** SQLSTATE classes and codes after which a connection must not go back to the pool. */
function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return true; // socket errors, "Connection terminated unexpectedly"
  return code.startsWith("08") || code.startsWith("57P") || /^E[A-Z]+$/.test(code);
}

/**
 * `pg` Pool access for the store. Checks out a client per call and releases it, because
 * `pool.query` destroys the connection on ANY error, and version conflicts are ordinary here.
 */
export class PgSqlClient implements SqlClient {
  readonly embedded = false;
  readonly #guarded = new WeakSet<PgPoolClient>();
  readonly #types: ReturnType<typeof typesFor>;

  constructor(
    readonly pool: PgPool,
    readonly label: string,
    defaultTypes: { getTypeParser: (oid: number, format?: "text" | "binary") => TypeParser },
    private readonly ownsPool: boolean,
  ) {
    this.#types = typesFor(defaultTypes);
  }

  async query(statement: Statement, values: readonly unknown[] = []): Promise<Row[]> {
    return this.#withClient(async (client) => this.#run(client, statement, values));
  }

  async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.#withClient(async (client, markBroken) => {
      await client.query("BEGIN");
      try {
        const result = await work({
          query: (text, values = []) => this.#run(client, text, values),
          exec: async (script) => {
            await client.query(script);
          },
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        if (!isConnectionFailure(error)) {
          // A failed ROLLBACK leaves the session in an unknown state: drop the connection.
          await client.query("ROLLBACK").catch(markBroken);
        }
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }

  async #run(
    client: PgPoolClient,
    statement: Statement,
    values: readonly unknown[],
  ): Promise<Row[]> {
    const result = await client.query(
      typeof statement === "string"
        ? { text: statement, values: [...values], types: this.#types }
        : { name: statement.name, text: statement.text, values: [...values], types: this.#types },
    );
    return result.rows;
  }

  async #withClient<T>(
    use: (client: PgPoolClient, markBroken: () => void) => Promise<T>,
  ): Promise<T> {
    const client = await this.pool.connect();
    if (!this.#guarded.has(client)) {
      // A checked-out client has no error listener in pg-pool: a backend killed between two
      // statements would otherwise emit an unhandled 'error' and crash the process.
      client.on("error", () => {});
      this.#guarded.add(client);
    }
    let broken = false;
    try {
      const result = await use(client, () => {
        broken = true;
      });
      client.release();
      return result;
    } catch (error) {
      // Keep the connection after a conflict or a bad statement; drop it when it is broken.
      client.release(broken || isConnectionFailure(error) ? toError(error) : undefined);
      throw error;
    }
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
