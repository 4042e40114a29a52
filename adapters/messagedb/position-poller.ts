import type { Message } from "../../core/store-kit.js";
import type { NamedStatement } from "./sql-client.js";

const COLUMNS =
  "id::varchar, stream_name::varchar, type::varchar, position::bigint, global_position::bigint, data::varchar, metadata::varchar, time::timestamp";

/** The poll's statements on MessageDB: past a global position plus holes still watched, and the end. */
export const POLL_SQL: { readonly readAfter: NamedStatement; readonly latest: NamedStatement } = {
  readAfter: {
    name: "strata_read_after",
    text: `SELECT ${COLUMNS} FROM message_store.messages
WHERE global_position > $1::bigint OR global_position = ANY($2::bigint[])
ORDER BY global_position LIMIT $3::bigint`,
  },
  latest: {
    name: "strata_latest_position",
    text: "SELECT COALESCE(max(global_position), 0) AS position FROM message_store.messages",
  },
};

/** How the poller reads: messages after `after`, plus any of `late` that exist now, in global order. */
export type ReadAfter = (
  after: number,
  late: readonly number[],
  limit: number,
) => Promise<Message[]>;

/** Options of the poll behind `MessageDBEventStore.subscribe`. */
export interface PollOptions {
  /** Time between polls while someone listens (ms, default 100). */
  readonly intervalMs?: number | undefined;
  /**
   * How long a hole in global positions may stay open before later messages are delivered past it
   * (ms, default 250). PostgreSQL hands out sequence values at insert and transactions commit in
   * any order, so position P+1 can be visible before P; a hole that stays is a rolled-back write.
   */
  readonly graceMs?: number | undefined;
}

const BATCH = 1000;
/** Holes given up on are still looked for this long, and delivered late if their write commits. */
const LATE_WATCH_MS = 60_000;
/** At most this many late positions are watched (a huge rolled-back batch is not worth more). */
const LATE_MAX = 1000;

/**
 * Polls `message_store.messages` by global position while someone listens: it sees every writer
 * (another process, Eventide's `write_message`, plain SQL), not only this store's appends.
 * Delivery is in global order, at most once per position; a message behind a hole waits up to
 * `graceMs` for the hole to fill.
 */
export class PositionPoller {
  readonly #read: ReadAfter;
  readonly #latest: () => Promise<number>;
  readonly #deliver: (messages: readonly Message[]) => void;
  readonly #intervalMs: number;
  readonly #graceMs: number;
  /** Every position up to here was delivered, or is watched in `#late`. -1 until started. */
  #cursor = -1;
  /** Where this run started: the poll never delivers a position up to here. -1 until started. */
  #from = -1;
  /** When the hole right after the cursor was first seen (one hole at a time waits). */
  #holeSince: number | undefined;
  /** Positions skipped as holes: position -> when to stop looking. */
  readonly #late = new Map<number, number>();
  /** Positions above the cursor already delivered by the store's own appends. */
  readonly #ahead = new Set<number>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #active = false;
  #started: Promise<void> = Promise.resolve();
  #markStarted: () => void = () => {};
  /** Bumped by each start and stop: a poll from an earlier run neither delivers nor reschedules. */
  #run = 0;

  constructor(
    read: ReadAfter,
    latest: () => Promise<number>,
    deliver: (messages: readonly Message[]) => void,
    options: PollOptions = {},
  ) {
    this.#read = read;
    this.#latest = latest;
    this.#deliver = deliver;
    this.#intervalMs = options.intervalMs ?? 100;
    this.#graceMs = options.graceMs ?? 250;
  }

  get active(): boolean {
    return this.#active;
  }

  /** Starts polling from the store's current end (what was written before is not replayed). */
  start(): void {
    if (this.#active) return;
    this.#active = true;
    this.#run++;
    this.#started = new Promise((resolve) => {
      this.#markStarted = resolve;
    });
    this.#cursor = -1;
    this.#from = -1;
    this.#holeSince = undefined;
    this.#late.clear();
    this.#ahead.clear();
    this.#schedule(0);
  }

  /** Resolves once the poll knows where it starts: writes committed after that are delivered. */
  started(): Promise<void> {
    return this.#started;
  }

  /** Stops polling; resolves once a poll in flight has finished. */
  async stop(): Promise<void> {
    this.#active = false;
    this.#run++;
    this.#markStarted();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /**
   * Drops from `messages` (the store's own append, read back) what the poll already delivered,
   * and remembers the rest so the poll will not deliver it again.
   */
  claim(messages: readonly Message[]): Message[] {
    if (!this.#active) return [...messages];
    const fresh: Message[] = [];
    for (const m of messages) {
      const p = m.globalPosition;
      // Before the first poll (cursor -1) everything is "ahead": the start may land either side.
      if (p <= this.#cursor) {
        // Committed before the poll's start (which it never delivers), or a hole it still watches.
        if (p <= this.#from || this.#late.delete(p)) fresh.push(m);
      } else if (!this.#ahead.has(p)) {
        this.#ahead.add(p);
        fresh.push(m);
      }
    }
    return fresh;
  }

  #schedule(ms: number): void {
    const run = this.#run;
    this.#timer = setTimeout(() => {
      const tick = this.#tick(run);
      this.#running = tick;
      void tick.finally(() => {
        if (this.#running === tick) this.#running = undefined;
      });
    }, ms);
    // A subscriber alone must not keep a Node process alive.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  async #tick(run: number): Promise<void> {
    let full = false;
    try {
      if (this.#cursor < 0) {
        const latest = await this.#latest();
        if (run === this.#run) {
          this.#cursor = latest;
          this.#from = latest;
          this.#markStarted();
        }
      } else full = await this.#poll(run);
    } catch {
      // The database may be restarting: try again at the next tick.
    }
    if (run === this.#run) this.#schedule(full ? 0 : this.#intervalMs);
  }

  /** One poll; true when the batch was full (more may be waiting). */
  async #poll(run: number): Promise<boolean> {
    const now = Date.now();
    for (const [p, until] of this.#late) if (until < now) this.#late.delete(p);
    const rows = await this.#read(this.#cursor, [...this.#late.keys()], BATCH);
    if (run !== this.#run) return false;
    const out: Message[] = [];
    for (const m of rows) {
      const p = m.globalPosition;
      if (p <= this.#cursor) {
        if (this.#late.delete(p)) out.push(m);
        continue;
      }
      if (p > this.#cursor + 1) {
        // A hole: a write holding those positions has not committed (yet, or ever).
        this.#holeSince ??= now;
        if (now - this.#holeSince < this.#graceMs) break;
        for (let q = this.#cursor + 1; q < p && this.#late.size < LATE_MAX; q++)
          this.#late.set(q, now + LATE_WATCH_MS);
      }
      this.#holeSince = undefined;
      this.#cursor = p;
      if (!this.#ahead.delete(p)) out.push(m);
    }
    for (const p of this.#ahead) if (p <= this.#cursor) this.#ahead.delete(p);
    if (out.length > 0) {
      out.sort((a, b) => a.globalPosition - b.globalPosition);
      this.#deliver(out);
    }
    return rows.length === BATCH && this.#holeSince === undefined;
  }
}
