import { ConfigurationError, UsageError } from "./errors.js";
import { deepFreeze } from "./event.js";
import type { EventStore, Message } from "./event-store.js";
import { uuid } from "./id.js";
import {
  CHECKPOINT_TYPE,
  messageData,
  PositionStream,
  REBUILD_TYPE,
} from "./projection-checkpoint.js";
import { ProjectionHandlerError } from "./projection-error.js";
import { readMerged } from "./projection-reader.js";
import type {
  Checkpoint,
  ProjectionHandler,
  ProjectionOptions,
  ProjectionSnapshot,
} from "./projection-types.js";
import { assertCategory, categoryOf } from "./stream-name.js";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Waiter {
  ticket: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A batch being folded: what the synchronous loop and the async retry of a throwing handler share. */
interface BatchFold<View> {
  view: View;
  changed: boolean;
  /** The category when the projection reads one: its position is set once per batch. */
  only: string | undefined;
  onlyPosition: number;
  read: number;
  failure: unknown;
}

type Applied<View> = { ok: true; view: View } | { ok: false; error: ProjectionHandlerError };

function validate<View>(name: string, options: ProjectionOptions<View>): void {
  assertCategory(name, `projection ${name}`);
  if (!Number.isInteger(options?.version)) {
    throw new ConfigurationError(
      `Projection ${name}: version must be an integer, got ${options?.version}.`,
    );
  }
  if (!Array.isArray(options.categories) || options.categories.length === 0) {
    throw new ConfigurationError(`Projection ${name}: categories must name at least one category.`);
  }
  for (const category of options.categories) assertCategory(category, `projection ${name}`);
  if (typeof options.handlers !== "object" || options.handlers === null) {
    throw new ConfigurationError(
      `Projection ${name}: handlers must map message types to functions.`,
    );
  }
  for (const [type, handler] of Object.entries(options.handlers)) {
    if (typeof handler !== "function") {
      throw new ConfigurationError(`Projection ${name}: handlers.${type} must be a function.`);
    }
  }
  const batch = options.batchSize;
  if (batch !== undefined && !(Number.isInteger(batch) && batch >= 1)) {
    throw new ConfigurationError(
      `Projection ${name}: batchSize must be an integer >= 1, got ${batch}.`,
    );
  }
  const group = options.consumerGroup;
  if (
    group &&
    !(
      Number.isInteger(group.size) &&
      group.size >= 1 &&
      Number.isInteger(group.member) &&
      group.member >= 0 &&
      group.member < group.size
    )
  ) {
    throw new ConfigurationError(
      `Projection ${name}: consumerGroup needs integers 0 <= member < size, got member ${group.member} of size ${group.size}.`,
    );
  }
}

/**
 * A read model: folds the messages of some categories, in global order, into a view it keeps in
 * memory and checkpoints with its positions, one message per batch, in `name:position-0`. It
 * catches up from that checkpoint, then stays live through the store's `subscribe` and a poll.
 * Make one with `defineProjection(domain, ...)`; it starts on `start()`, `waitFor()` or a React hook.
 *
 * Each message is folded once, in order, within a run. After a crash the batch in flight is read
 * again from the checkpoint, whose view does not hold it: with the view in the checkpoint,
 * nothing is folded twice; a handler with side effects elsewhere may see up to one batch again.
 *
 * @example
 * const todoList = defineProjection(domain, "todoList", {
 *   version: 1, categories: ["todo"], initialState: {} as Record<string, string>,
 *   handlers: { Added: (view, data, m) => ({ ...view, [m.streamName]: String(data.title) }) },
 * });
 * await todos.add(Todo.add("Milk"));
 * await todoList.waitFor();
 * todoList.getSnapshot().view; // { "todo-…": "Milk" }
 */
export class Projection<View> {
  readonly name: string;
  readonly version: number;
  readonly categories: readonly string[];
  readonly #store: EventStore;
  readonly #options: ProjectionOptions<View>;
  readonly #batchSize: number;
  readonly #attempts: number;
  readonly #backoffMs: number;
  readonly #positionStream: PositionStream;
  readonly #parkedStream: string;
  readonly #listeners = new Set<() => void>();
  readonly #waiters: Waiter[] = [];
  readonly #handlers = new Map<string, ProjectionHandler<View> | undefined>();
  #lastType: string | undefined;
  #lastHandler: ProjectionHandler<View> | undefined;

  #snapshot: ProjectionSnapshot<View> = Object.freeze({
    status: "idle",
    view: undefined,
    position: 0,
    error: undefined,
    rebuild: undefined,
  });
  #view: View;
  #positions: Record<string, number> = {};
  #read = 0;
  #rebuildTotal: number | undefined;
  /** Folded but not yet checkpointed (only with `checkpointIntervalMs`). */
  #unsaved = false;
  #savedAt = 0;
  #loop: Promise<void> | undefined;
  #ready: Promise<void> | undefined;
  #settleReady: ((error?: unknown) => void) | undefined;
  #stopped = false;
  #paused: ProjectionHandlerError | undefined;
  #dirty = false;
  #wake: (() => void) | undefined;
  #tickets = 0;
  #unsubscribe: (() => void) | undefined;

  constructor(store: EventStore, name: string, options: ProjectionOptions<View>) {
    validate(name, options);
    this.#store = store;
    this.name = name;
    this.version = options.version;
    this.categories = [...new Set(options.categories)];
    this.#options = options;
    this.#view = options.initialState;
    this.#batchSize = options.batchSize ?? 1000;
    this.#attempts = Math.max(1, options.retry?.attempts ?? 3);
    this.#backoffMs = options.retry?.backoffMs ?? 10;
    const group = options.consumerGroup;
    // Eventide's typed-category convention: MessageDB reads only names with an id after "-".
    const member = group && group.size > 1 ? group.member : 0;
    this.#positionStream = new PositionStream(store, `${name}:position-${member}`);
    this.#parkedStream = `${name}:parked-${member}`;
  }

  /** The stream holding this projection's checkpoints. */
  get positionStreamName(): string {
    return this.#positionStream.streamName;
  }

  /** The stream a `park` policy records failed messages in. */
  get parkedStreamName(): string {
    return this.#parkedStream;
  }

  /** The current snapshot: the same object until something changes (for `useSyncExternalStore`). */
  readonly getSnapshot = (): ProjectionSnapshot<View> => this.#snapshot;

  /** Calls `listener` after each change of snapshot. Returns an unsubscribe function. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  /** Starts catching up (once); resolves when caught up the first time. */
  start(): Promise<void> {
    if (this.#stopped)
      return Promise.reject(new UsageError(`Projection ${this.name} was stopped.`));
    if (!this.#ready) {
      this.#ready = new Promise<void>((resolve, reject) => {
        this.#settleReady = (error) => (error ? reject(error) : resolve());
      });
      // A rejected start is also reported in the snapshot; callers that do not await it lose nothing.
      this.#ready.catch(() => {});
      const categories = new Set(this.categories);
      this.#unsubscribe = this.#store.subscribe((messages) => {
        if (messages.some((m) => categories.has(categoryOf(m.streamName)))) this.refresh();
      });
      this.#loop = this.#run();
    }
    return this.#ready;
  }

  /**
   * Resolves when the view holds every message committed before the call (read-your-writes after
   * `add`/`transact`). With the global position a write returned, returns at once when every
   * category has been read past it. Rejects if the projection pauses or stops first.
   */
  waitFor(globalPosition?: number): Promise<void> {
    if (
      globalPosition !== undefined &&
      this.#snapshot.status === "live" &&
      this.categories.every((c) => (this.#positions[c] ?? 0) >= globalPosition)
    ) {
      return Promise.resolve();
    }
    if (this.#paused) return Promise.reject(this.#paused);
    if (this.#stopped) return this.start();
    void this.start();
    const ticket = ++this.#tickets;
    const waited = new Promise<void>((resolve, reject) => {
      this.#waiters.push({ ticket, resolve, reject });
    });
    this.refresh();
    return waited;
  }

  /** Reads the store now instead of at the next notification or poll (e.g. when a tab shows again). */
  refresh(): void {
    this.#dirty = true;
    this.#wake?.();
  }

  /** After a pause: tries the failed message again (fix the handler or data first). */
  resume(): void {
    if (!this.#paused) return;
    this.#paused = undefined;
    this.refresh();
  }

  /** Stops reading and notifying. Nothing is written; the last checkpoint stays. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#wake?.();
    await this.#loop;
    const stopped = new UsageError(`Projection ${this.name} was stopped.`);
    for (const waiter of this.#waiters.splice(0)) waiter.reject(stopped);
    this.#settleReady?.(stopped);
    this.#publish({ status: "stopped" });
  }

  async #run(): Promise<void> {
    this.#publish({ status: "loading" });
    const current = await this.#retrying(() => this.#positionStream.load<View>(CHECKPOINT_TYPE));
    if (this.#stopped) return;
    if (current && current.version === this.version) {
      this.#resumeFrom(current);
      this.#publish({ status: "catching-up", view: this.#view, position: this.#position() });
    } else if (current) {
      const progress = await this.#retrying(() => this.#positionStream.load<View>(REBUILD_TYPE));
      if (progress && progress.version === this.version) this.#resumeFrom(progress);
      this.#rebuildTotal = current.read;
      this.#publish({
        status: "rebuilding",
        view: deepFreeze(current.view),
        position: Math.max(0, ...Object.values(current.positions)),
        rebuild: { done: this.#read, total: Math.max(this.#read, current.read) },
      });
    } else {
      this.#publish({ status: "catching-up", view: deepFreeze(this.#view) });
    }
    while (!this.#stopped) {
      const served = this.#tickets;
      this.#dirty = false;
      if (!this.#paused) await this.#drain();
      if (this.#stopped) break;
      if (!this.#paused) {
        if (this.#rebuildTotal !== undefined) await this.#swap();
        this.#caughtUp(served);
      }
      const poll = this.#options.pollIntervalMs ?? 1000;
      if (this.#unsaved) {
        const due = this.#savedAt + (this.#options.checkpointIntervalMs ?? 0) - Date.now();
        if (due <= 0) await this.#save();
        else if (!this.#dirty) await this.#idle(Math.min(due, poll));
      } else if (!this.#dirty) {
        await this.#idle(poll);
      }
    }
  }

  /** Everything committed before `ticket`'s waiters asked is folded: live, and they may go on. */
  #caughtUp(ticket: number): void {
    this.#publish({ status: "live", error: undefined });
    for (const waiter of this.#waiters.filter((w) => w.ticket <= ticket)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    this.#settleReady?.();
  }

  #resumeFrom(checkpoint: Checkpoint<View>): void {
    this.#view = deepFreeze(checkpoint.view);
    this.#positions = { ...checkpoint.positions };
    this.#read = checkpoint.read;
  }

  /** Reads and folds batches until a read returns nothing new. */
  async #drain(): Promise<void> {
    const group = this.#options.consumerGroup;
    const readOptions = {
      ...(group ? { consumerGroupMember: group.member, consumerGroupSize: group.size } : {}),
      ...(this.#options.correlation ? { correlation: this.#options.correlation } : {}),
    };
    for (;;) {
      if (this.#stopped || this.#paused) return;
      const ticket = this.#tickets;
      const read = await this.#retrying(() =>
        readMerged(this.#store, this.categories, this.#positions, this.#batchSize, readOptions),
      );
      if (this.#stopped || !read || read.messages.length === 0) return;
      const batch = read.messages;
      const only = this.categories.length === 1 ? this.categories[0] : undefined;
      const fold: BatchFold<View> = {
        view: this.#view,
        changed: false,
        only,
        onlyPosition: only === undefined ? 0 : (this.#positions[only] ?? 0),
        read: 0,
        failure: undefined,
      };
      for (let i = 0; i < batch.length && !this.#stopped; ) {
        i = this.#foldSync(batch, i, fold);
        const failed = batch[i];
        if (i >= batch.length || this.#stopped || !failed) break;
        // A handler threw: retry it with backoff (async), then fold on synchronously.
        const handler = this.#handlerFor(failed.type) as ProjectionHandler<View>;
        const applied = await this.#retry(handler, fold.view, failed, fold.failure);
        if (!applied.ok) {
          this.#paused = applied.error;
          break;
        }
        if (applied.view !== fold.view) fold.changed = true;
        fold.view = applied.view;
        this.#advance(fold, failed);
        i++;
      }
      if (only !== undefined) this.#positions[only] = fold.onlyPosition;
      this.#read += fold.read;
      // A stop inside a handler stands for a crash mid-batch: nothing of the batch is saved.
      if (this.#stopped) return;
      const { view, changed } = fold;
      this.#view = view;
      const rebuilding = this.#rebuildTotal !== undefined;
      if (rebuilding) {
        this.#publish({
          rebuild: { done: this.#read, total: Math.max(this.#read, this.#rebuildTotal ?? 0) },
        });
      } else {
        this.#publish({
          status: this.#snapshot.status === "live" ? "live" : "catching-up",
          view: changed ? deepFreeze(view) : this.#snapshot.view,
          position: this.#position(),
        });
      }
      // Shown first, saved next: a UI waits for the read, never for the checkpoint write.
      if (changed) {
        this.#unsaved = true;
        const interval = this.#options.checkpointIntervalMs ?? 0;
        if (Date.now() - this.#savedAt >= interval) await this.#save();
      }
      if (this.#stopped) return;
      // Caught up as of this read: waiters need not wait for writers that keep the drain going.
      if (read.complete && !this.#paused && this.#rebuildTotal === undefined) {
        this.#caughtUp(ticket);
      }
      if (this.#paused) {
        this.#publish({ status: "paused", error: this.#paused });
        for (const waiter of this.#waiters.splice(0)) waiter.reject(this.#paused);
        this.#settleReady?.(this.#paused);
        return;
      }
    }
  }

  /**
   * Folds `batch` from `from` until its end, a stop, or a handler that throws (its index is
   * returned, the error kept in `fold.failure`). Synchronous and allocation-free on purpose: it is
   * the whole cost of a catch-up, and locals of an async function live in its heap context.
   */
  #foldSync(batch: readonly Message[], from: number, fold: BatchFold<View>): number {
    let view = fold.view;
    let i = from;
    for (; i < batch.length; i++) {
      const message = batch[i] as Message;
      const handler = this.#handlerFor(message.type);
      if (handler) {
        let next: View;
        try {
          next = handler(view, messageData(message), message);
        } catch (error) {
          fold.failure = error;
          break;
        }
        // A handler that returns the view it was given changed nothing: no checkpoint for it.
        if (next !== view) fold.changed = true;
        view = next;
      }
      this.#advance(fold, message);
      if (this.#stopped) {
        i++;
        break;
      }
    }
    fold.view = view;
    return i;
  }

  /** Counts `message` as read: its category's position moves past it. */
  #advance(fold: BatchFold<View>, message: Message): void {
    if (fold.only === undefined) {
      this.#positions[categoryOf(message.streamName)] = message.globalPosition;
    } else {
      fold.onlyPosition = message.globalPosition;
    }
    fold.read++;
  }

  /** The handler of a message type (`"*"` for types without their own), looked up once per type. */
  #handlerFor(type: string): ProjectionHandler<View> | undefined {
    // Runs of one type are the common case (a stream's events, a batch of one kind).
    if (type === this.#lastType) return this.#lastHandler;
    let handler = this.#handlers.get(type);
    if (handler === undefined && !this.#handlers.has(type)) {
      const handlers = this.#options.handlers;
      handler = Object.hasOwn(handlers, type) ? handlers[type] : handlers["*"];
      this.#handlers.set(type, handler);
    }
    this.#lastType = type;
    this.#lastHandler = handler;
    return handler;
  }

  /** Retries a handler that threw once already, with backoff; then pauses or parks. */
  async #retry(
    handler: ProjectionHandler<View>,
    view: View,
    message: Message,
    firstError: unknown,
  ): Promise<Applied<View>> {
    const data = messageData(message);
    let cause = firstError;
    for (let attempt = 1; attempt < this.#attempts; attempt++) {
      await sleep(this.#backoffMs * 2 ** (attempt - 1));
      try {
        return { ok: true, view: handler(view, data, message) };
      } catch (error) {
        cause = error;
      }
    }
    const error = new ProjectionHandlerError(this.name, message, this.#attempts, cause);
    if (this.#options.onFailure !== "park") return { ok: false, error };
    await this.#retrying(() => this.#park(message, error));
    return { ok: true, view };
  }

  async #park(message: Message, error: ProjectionHandlerError): Promise<void> {
    await this.#store.append([
      {
        streamName: this.#parkedStream,
        messages: [
          {
            id: uuid(),
            type: "Parked",
            data: {
              streamName: message.streamName,
              position: message.position,
              globalPosition: message.globalPosition,
              type: message.type,
              error: error.message,
            },
          },
        ],
        expectedVersion: null,
      },
    ]);
  }

  async #save(): Promise<void> {
    this.#unsaved = false;
    this.#savedAt = Date.now();
    const checkpoint: Checkpoint<View> = {
      version: this.version,
      positions: { ...this.#positions },
      read: this.#read,
      view: this.#view,
    };
    const type = this.#rebuildTotal !== undefined ? REBUILD_TYPE : CHECKPOINT_TYPE;
    // The same projection in another tab (or process) folds the same messages: when it saved a
    // checkpoint at least this far first, this one adds nothing (see PositionStream.save).
    const covers = (stored: Checkpoint<View>) =>
      stored.version === checkpoint.version &&
      Object.entries(checkpoint.positions).every(([c, p]) => (stored.positions[c] ?? 0) >= p);
    await this.#retrying(() => this.#positionStream.save(type, checkpoint, covers));
  }

  /** A rebuild caught up: one Checkpoint message makes the new version the served one. */
  async #swap(): Promise<void> {
    this.#rebuildTotal = undefined;
    await this.#save();
    this.#publish({
      status: "live",
      view: deepFreeze(this.#view),
      position: this.#position(),
      rebuild: undefined,
    });
  }

  /** Retries a store call with backoff until it succeeds or the projection stops. */
  async #retrying<T>(call: () => Promise<T>): Promise<T | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await call();
        if (this.#snapshot.error && !this.#paused) this.#publish({ error: undefined });
        return result;
      } catch (error) {
        if (this.#stopped) return undefined;
        this.#publish({ error: error instanceof Error ? error : new Error(String(error)) });
        await this.#idle(Math.min(this.#options.pollIntervalMs ?? 1000, 10 * 2 ** attempt));
        if (this.#stopped) return undefined;
      }
    }
  }

  #idle(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      // A live projection alone should not keep a script's process running (Node's unref).
      (timer as { unref?: () => void }).unref?.();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
    });
  }

  #position(): number {
    let max = 0;
    for (const p of Object.values(this.#positions)) if (p > max) max = p;
    return max;
  }

  #publish(change: Partial<ProjectionSnapshot<View>>): void {
    const before = this.#snapshot;
    const next = { ...before, ...change };
    if (
      next.status === before.status &&
      next.view === before.view &&
      next.position === before.position &&
      next.error === before.error &&
      next.rebuild === before.rebuild
    ) {
      return;
    }
    this.#snapshot = Object.freeze(next);
    for (const listener of [...this.#listeners]) listener();
  }
}
