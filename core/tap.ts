import type { AppendResult, Message, NewMessage, StreamAppend } from "./event-store.js";

/** Which public call wrote a commit. */
export type TapCall = "add" | "unitOfWork" | "transact";

/** One stream of a commit, as it was handed to the store. */
export interface TapStreamWrite {
  readonly streamName: string;
  readonly expectedVersion: number | null;
  readonly messages: readonly NewMessage[];
}

/**
 * What the tap reports. Every record has `time` (ms since the epoch, read from the monotonic clock:
 * `performance.timeOrigin + performance.now()`). Records are read-only views of what core wrote or
 * read; listeners must not change them.
 */
export type TapRecord =
  | {
      readonly kind: "commit";
      readonly time: number;
      readonly call: TapCall;
      readonly streams: readonly TapStreamWrite[];
      /**
       * Where the append left each stream (the store's answer: position and global position of
       * its last message). It may list more streams than `streams` (an inline projection's view,
       * written in the same append) and in another order.
       */
      readonly results: readonly AppendResult[];
      /** How long the store's append took. */
      readonly durationMs: number;
      /** Set inside `transact`: which run of its command wrote this (1 for the first). */
      readonly attempt?: number | undefined;
    }
  | {
      readonly kind: "load";
      readonly time: number;
      readonly streamName: string;
      /** "cache": the in-process state plus its tail; "snapshot": a snapshot plus its tail; "replay": every event. */
      readonly source: "cache" | "snapshot" | "replay";
      /** Events applied on top of the cache or snapshot (or all of them for a replay). */
      readonly events: number;
      readonly version: number;
      readonly durationMs: number;
      /** Set inside `transact`: which run of its command loaded this (1 for the first). */
      readonly attempt?: number | undefined;
    }
  | {
      readonly kind: "conflict";
      readonly time: number;
      readonly call: TapCall;
      readonly streamName: string;
      readonly expectedVersion: number;
      readonly actualVersion: number;
      /** How long the refused append took. */
      readonly durationMs: number;
      /** Set inside `transact`: which run of its command conflicted (the next one retries). */
      readonly attempt?: number | undefined;
    }
  | {
      readonly kind: "snapshotWritten";
      readonly time: number;
      readonly streamName: string;
      readonly version: number;
    }
  | {
      readonly kind: "snapshotSkipped";
      readonly time: number;
      readonly streamName: string;
      readonly position: number;
      readonly reason: string;
    }
  | {
      readonly kind: "applyFailed";
      readonly time: number;
      readonly aggregateName: string;
      readonly type: string;
      /** The stream position the event has (or would have had, when raised). */
      readonly position: number;
      readonly streamName: string | undefined;
      readonly error: unknown;
    };

export type TapListener = (record: TapRecord) => void;

/** A record without its time: what core hands to `emit`. */
type Untimed<R> = R extends TapRecord ? Omit<R, "time"> : never;

// One clock read per record: the monotonic reading that ends a record's duration also stamps its
// `time` (the epoch time of that clock's zero plus the reading). A clock read is 40-50 ns in V8,
// and with a listener a `transact` used to make six of them; it makes four.
const monotonic: { now(): number; readonly timeOrigin?: number } | undefined =
  globalThis.performance;
const now: () => number = monotonic ? () => monotonic.now() : Date.now;
// Runtimes with `performance.now()` but no `timeOrigin` get the clock's zero measured once.
const epochOfZero = !monotonic
  ? 0
  : typeof monotonic.timeOrigin === "number"
    ? monotonic.timeOrigin
    : Date.now() - monotonic.now();

/**
 * What core does, reported to whoever listens (the devtools panel, loggers, tests). Each emit site
 * checks `tap.on` first, so with no listener the tap costs one property read.
 *
 * @example
 * const stop = domain.tap.subscribe((record) => {
 *   if (record.kind === "conflict") console.warn(record.streamName, record.actualVersion);
 * });
 * stop();
 */
export class Tap {
  /** True while at least one listener is subscribed. */
  on = false;
  /**
   * Set by a tracer (`strata-es/otel`): runs every `transact` call, given its stream and the call
   * (`run` starts it); it must call `run` once and return its promise, or a promise that settles
   * the same way. The loads and commits inside carry `attempt`. One per tap: chain to the
   * previous one if you replace it.
   *
   * @example
   * const previous = domain.tap.aroundTransact;
   * domain.tap.aroundTransact = async (stream, run) => {
   *   const started = performance.now();
   *   try { return await (previous ? previous(stream, run) : run()); }
   *   finally { console.debug(stream, performance.now() - started); }
   * };
   */
  aroundTransact?: (<T>(streamName: string, run: () => Promise<T>) => Promise<T>) | undefined;
  #listeners: TapListener[] = [];

  /** Calls `listener` with every record from now on; returns the unsubscribe function. */
  subscribe(listener: TapListener): () => void {
    this.#listeners = [...this.#listeners, listener];
    this.on = true;
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
      this.on = this.#listeners.length > 0;
    };
  }

  /**
   * Hands a record to every listener; a throwing listener never breaks the app's call. `at` is a
   * reading of the tap's clock already taken (by default, one taken now).
   */
  emit(record: Untimed<TapRecord>, at: number = now()): void {
    // Emit sites pass a fresh literal: stamp it in place (no copy, no second object).
    const timed = record as TapRecord & { time: number };
    timed.time = epochOfZero + at;
    for (const listener of this.#listeners) {
      try {
        listener(timed);
      } catch {}
    }
  }

  /** A commit, and the snapshots it wrote (snapshot streams carry one Snapshot message each). */
  commit(
    call: TapCall,
    appends: readonly StreamAppend[],
    results: readonly AppendResult[],
    started: number,
    attempt: number | undefined,
  ): void {
    const ended = now();
    const durationMs = ended - started;
    this.emit({ kind: "commit", call, streams: appends, results, durationMs, attempt }, ended);
    for (const { streamName, messages } of appends) {
      const version = messages[0]?.type === "Snapshot" ? messages[0].metadata?.version : undefined;
      if (typeof version === "number")
        this.emit({ kind: "snapshotWritten", streamName, version }, ended);
    }
  }

  /** A write refused by the expected-version check (an `ExpectedVersionError`). */
  conflict(
    call: TapCall,
    error: { streamName: string; expectedVersion: number; actualVersion: number },
    started: number,
    attempt: number | undefined,
  ): void {
    const { streamName, expectedVersion, actualVersion } = error;
    const ended = now();
    const durationMs = ended - started;
    this.emit(
      { kind: "conflict", call, streamName, expectedVersion, actualVersion, durationMs, attempt },
      ended,
    );
  }

  /** An apply handler threw (on `raise`, or while replaying a stored event). */
  applyFailed(
    aggregateName: string,
    event: { type: string; position: number; streamName?: string },
    error: unknown,
  ): void {
    const { type, position, streamName } = event;
    if (this.on)
      this.emit({ kind: "applyFailed", aggregateName, type, position, streamName, error });
  }

  /** A start mark for `loaded`, `commit` and `conflict`: 0 when nobody listens, so timing costs nothing then. */
  start(): number {
    return this.on ? now() : 0;
  }

  /** A load finished: `aggregate` now holds `events` more events than its starting point. */
  loaded(
    streamName: string,
    source: "cache" | "snapshot" | "replay",
    events: readonly Message[],
    version: number,
    started: number,
    attempt?: number,
  ): void {
    if (this.on) {
      const ended = now();
      const durationMs = ended - started;
      this.emit(
        { kind: "load", streamName, source, events: events.length, version, durationMs, attempt },
        ended,
      );
    }
  }
}
