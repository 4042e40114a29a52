import {
  type EventStore,
  ExpectedVersionError,
  StoreError,
  type StreamAppend,
} from "../../core/index.js";

const methods = [
  "append",
  "readStream",
  "readCategory",
  "lastMessage",
  "streamVersion",
  "readSnapshotAndTail",
] as const;
type Method = (typeof methods)[number];
type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * Faults the panel injects into a store to test the app's UI. While a fault is set, the store's
 * methods are shadowed on the instance by wrappers that check the faults at each call; with none
 * left, the instance is as it was.
 */
export class FaultInjector {
  #offline = false;
  #conflictArmed = false;
  #onFired: (() => void) | undefined;
  readonly #own = new Map<Method, unknown>();

  constructor(readonly store: EventStore) {}

  get offline(): boolean {
    return this.#offline;
  }

  get conflictArmed(): boolean {
    return this.#conflictArmed;
  }

  /** The next append that expects a version fails with ExpectedVersionError and writes nothing. */
  armConflict(onFired?: () => void): void {
    this.#conflictArmed = true;
    this.#onFired = onFired;
    this.#sync();
  }

  /** Every store call fails with StoreError until `setOffline(false)`. */
  setOffline(offline: boolean): void {
    this.#offline = offline;
    this.#sync();
  }

  /** Removes every fault. */
  clear(): void {
    this.#offline = false;
    this.#conflictArmed = false;
    this.#sync();
  }

  #sync(): void {
    const target = this.store as unknown as Record<string, unknown>;
    const active = this.#offline || this.#conflictArmed;
    if (active && this.#own.size === 0) {
      for (const method of methods) {
        const original = target[method] as AnyMethod | undefined;
        if (typeof original !== "function") continue;
        this.#own.set(method, Object.hasOwn(target, method) ? original : undefined);
        target[method] = (...args: unknown[]) => this.#call(method, original, args);
      }
    } else if (!active) {
      for (const [method, own] of this.#own) {
        if (own === undefined) delete target[method];
        else target[method] = own;
      }
      this.#own.clear();
    }
  }

  async #call(method: Method, original: AnyMethod, args: unknown[]): Promise<unknown> {
    if (this.#offline)
      throw new StoreError(`Store offline (simulated by Strata devtools): ${method} refused.`);
    const first = method === "append" ? (args[0] as StreamAppend[])[0] : undefined;
    if (this.#conflictArmed && first && first.expectedVersion !== null) {
      this.#conflictArmed = false;
      this.#sync();
      this.#onFired?.();
      throw new ExpectedVersionError(
        first.streamName,
        first.expectedVersion,
        first.expectedVersion + 1,
      );
    }
    return original.apply(this.store, args);
  }
}
