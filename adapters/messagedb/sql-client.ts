/** A result row as the drivers return it: column name to value. */
export type Row = Record<string, unknown>;

/**
 * A statement the store runs on every command: `pg` prepares it once per connection under its
 * name (parse and plan once, not per call); PGlite runs its text.
 */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

export type Statement = string | NamedStatement;

/** One connection for the length of a transaction: statements run in order on it. */
export interface SqlSession {
  query(text: string, values?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements (simple query protocol, no parameters). */
  exec(script: string): Promise<void>;
}

/**
 * The little the store needs from a Postgres driver, so `pg` and PGlite sit behind one shape
 * and the store never imports either.
 */
export interface SqlClient {
  /** Names the database in error messages, without credentials: `127.0.0.1:5432/app`, `PGlite (in memory)`. */
  readonly label: string;
  /** True for PGlite, which has `gen_random_uuid` built in and no pgcrypto. */
  readonly embedded: boolean;
  /** One statement, in its own implicit transaction. */
  query(statement: Statement, values?: readonly unknown[]): Promise<Row[]>;
  /** Runs `work` inside BEGIN ... COMMIT on one connection; ROLLBACK when it throws. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Called once the store installed MessageDB on this client (an embedded one may cache the result). */
  installed?(): Promise<void>;
}
