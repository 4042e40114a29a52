import { TYPES_METADATA_KEY } from "../../core/aggregate.js";
import type { AnyAggregateClass, Message } from "../../core/index.js";
import { reviveJson, type TypeTags } from "../../core/json-codec.js";
import { type Change, deepEqual, diff } from "./equal.js";

/** Event data as the apply handler receives it: Date/BigInt/Map/Set restored. */
export function revivedData(message: Message): Record<string, unknown> {
  const types = message.metadata?.[TYPES_METADATA_KEY] as TypeTags | undefined;
  return types ? reviveJson(message.data, types) : message.data;
}

/** Why a replay stopped early: a handler threw, or the event type has no handler. */
export interface ReplayFailure {
  readonly position: number;
  readonly type: string;
  readonly message: string;
}

export interface RebuiltState {
  /** The state after the last event applied (own properties of the aggregate). */
  readonly state: Record<string, unknown>;
  /** The version the state is at (-1 before the first event). */
  readonly version: number;
  readonly failure: ReplayFailure | undefined;
}

type Handler = (aggregate: object, data: unknown, event: Message) => void;

/**
 * Rebuilds an aggregate's state at any version with the domain's own apply handlers. It keeps a
 * copy of the state every `interval` events (checkpoints), so a version costs at most `interval`
 * applies and never a stored state per version.
 */
export class StateRebuilder {
  readonly #checkpoints = new Map<number, Record<string, unknown>>();

  constructor(
    readonly Class: AnyAggregateClass,
    readonly id: string,
    readonly messages: readonly Message[],
    readonly interval = 64,
  ) {}

  #blank(): Record<string, unknown> {
    const target = Object.create(this.Class.prototype) as Record<string, unknown>;
    for (const [k, v] of Object.entries(this.Class.initialState)) target[k] = structuredClone(v);
    target[this.Class.identifier] = this.id;
    return target;
  }

  #restore(copy: Record<string, unknown>): Record<string, unknown> {
    return Object.assign(Object.create(this.Class.prototype), structuredClone(copy));
  }

  /** Applies messages[from..to] to `target`, skipping `skip`; records checkpoints when `record`. */
  #apply(
    target: Record<string, unknown>,
    from: number,
    to: number,
    skip: number | undefined,
    record: boolean,
  ): ReplayFailure | undefined {
    const handlers = this.Class.handlers as ReadonlyMap<string, Handler>;
    for (let i = from; i <= to; i++) {
      const message = this.messages[i] as Message;
      if (i !== skip) {
        const handler = handlers.get(message.type);
        const fail = (text: string) => ({ position: i, type: message.type, message: text });
        if (!handler)
          return fail(`${this.Class.aggregateName} has no apply handler for "${message.type}"`);
        try {
          handler(target, revivedData(message), message);
        } catch (error) {
          return fail(error instanceof Error ? error.message : String(error));
        }
      }
      if (record && (i + 1) % this.interval === 0 && !this.#checkpoints.has(i))
        this.#checkpoints.set(i, structuredClone({ ...target }));
    }
    return undefined;
  }

  /** The nearest checkpoint at or before `version`, as [its version, a fresh copy]. */
  #start(version: number): [number, Record<string, unknown>] {
    for (let v = version - ((version + 1) % this.interval); v >= 0; v -= this.interval) {
      const copy = this.#checkpoints.get(v);
      if (copy) return [v, this.#restore(copy)];
    }
    return [-1, this.#blank()];
  }

  /** The state right after the event at `version`; with `skip`, as if that event never happened. */
  stateAt(version: number, skip?: number): RebuiltState {
    const last = Math.min(version, this.messages.length - 1);
    const skipping = skip !== undefined && skip <= last ? skip : undefined;
    const [from, target] = this.#start(
      skipping === undefined ? last : Math.min(last, skipping - 1),
    );
    const failure = this.#apply(target, from + 1, last, skipping, skipping === undefined);
    return { state: { ...target }, version: last, failure };
  }

  /**
   * The versions whose event changed the value at `path` (keys from the state's root), found in
   * one replay from the start.
   */
  versionsChanging(path: readonly string[]): number[] {
    const at = (state: Record<string, unknown>) =>
      path.reduce<unknown>(
        (v, k) =>
          v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined,
        state,
      );
    const target = this.#blank();
    const versions: number[] = [];
    for (let i = 0; i < this.messages.length; i++) {
      const before = structuredClone(at(target));
      if (this.#apply(target, i, i, undefined, false)) break;
      if (!deepEqual(before, at(target))) versions.push(i);
    }
    return versions;
  }

  /** What the event at `version` changed: state at version-1 against state at version. */
  changesAt(version: number): Change[] {
    return diff(this.stateAt(version - 1).state, this.stateAt(version).state);
  }
}

/** A snapshot compared with a replay to the same version. */
export interface SnapshotCheck {
  readonly position: number;
  readonly version: number;
  readonly schemaVersion: unknown;
  /** "ok", "stale-schema" (written with another schemaVersion) or "drift" (state differs). */
  readonly status: "ok" | "stale-schema" | "drift" | "beyond-stream";
  readonly changes: readonly Change[];
}

/** Each snapshot's state against the domain's replay to its version. */
export function checkSnapshots(
  rebuilder: StateRebuilder,
  snapshots: readonly Message[],
): SnapshotCheck[] {
  return snapshots.map((snapshot) => {
    const version = Number(snapshot.metadata?.version);
    const schemaVersion = snapshot.metadata?.schemaVersion;
    const base = { position: snapshot.position, version, schemaVersion };
    if (schemaVersion !== rebuilder.Class.schemaVersion)
      return { ...base, status: "stale-schema", changes: [] };
    if (!(version < rebuilder.messages.length))
      return { ...base, status: "beyond-stream", changes: [] };
    const stored = revivedData(snapshot);
    const replayed = rebuilder.stateAt(version).state;
    if (deepEqual(stored, replayed)) return { ...base, status: "ok", changes: [] };
    return { ...base, status: "drift", changes: diff(stored, replayed) };
  });
}
