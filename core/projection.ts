import { ConfigurationError, UsageError } from "./errors.js";
import { deepFreeze } from "./event.js";
import type { EventStore, Message, StreamAppend } from "./event-store.js";
import { NO_STREAM } from "./expected-version.js";
import { uuid } from "./id.js";
import {
  CHECKPOINT_TYPE,
  messageData,
  PositionStream,
  REBUILD_TYPE,
} from "./projection-checkpoint.js";
import { ProjectionHandlerError } from "./projection-error.js";
import type { InlinePlan } from "./projection-inline.js";
import { InlineLedger } from "./projection-inline-ledger.js";
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
  const mode = options.mode;
  if (mode !== undefined && mode !== "async" && mode !== "inline") {
    throw new ConfigurationError(
      `Projection ${name}: mode must be "async" or "inline", got ${mode}.`,
    );
  }
  if (mode === "inline" && (group || options.correlation)) {
    // A commit folds its own events: it cannot tell which member or correlation they belong to.
    throw new ConfigurationError(
      `Projection ${name}: an inline projection cannot have a consumerGroup or correlation.`,
    );
  }
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
  readonly #inline: boolean;
  /** Inline: commits' folds catch-up has not read yet (it skips them). */
  #ledger = new InlineLedger();
  /** Inline: commits and catch-up change the state one at a time. */
  #lock: Promise<unknown> = Promise.resolve();
  /** Bumped by each reload: a batch read before it is read again. */
  #epoch = 0;
  /** Inline: another writer moved the position stream; reload before the next commit. */
  #stale = false;
  /** Inline: another version of the projection wrote its position stream; this one stops writing it. */
  #superseded = false;
  /** Inline: highest global position a commit folded. */
  #inlineHigh = 0;

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
    this.#inline = options.mode === "inline";
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
        // Inline: another tab's commit wrote a newer view; reload it rather than fold and conflict.
        if (this.#inline && this.#positionStream.movedBy(messages)) this.#stale = true;
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
    // Built only for someone to reject: an error's stack costs more than a catch-up batch.
    if (this.#waiters.length > 0 || this.#settleReady) {
      const stopped = new UsageError(`Projection ${this.name} was stopped.`);
      for (const waiter of this.#waiters.splice(0)) waiter.reject(stopped);
      this.#settle(stopped);
    }
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
    this.#settle();
  }

  /** Settles what `start()` returned, once. */
  #settle(error?: unknown): void {
    const settle = this.#settleReady;
    this.#settleReady = undefined;
    settle?.(error);
  }

  #resumeFrom(checkpoint: Checkpoint<View>): void {
    this.#view = deepFreeze(checkpoint.view);
    this.#positions = { ...checkpoint.positions };
    this.#read = checkpoint.read;
    this.#ledger = new InlineLedger(checkpoint.inline);
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
      if (this.#stale) await this.locked(() => (this.#stale ? this.#reload() : Promise.resolve()));
      const epoch = this.#epoch;
      const read = await this.#retrying(() =>
        readMerged(this.#store, this.categories, this.#positions, this.#batchSize, readOptions),
      );
      if (this.#stopped || !read || read.messages.length === 0) return;
      // Inline: commits fold under the same lock, and a reload since the read moved the cursors.
      const folded = this.#inline
        ? await this.locked(() =>
            this.#epoch === epoch ? this.#foldBatch(read.messages) : Promise.resolve(false),
          )
        : await this.#foldBatch(read.messages);
      if (this.#stopped) return;
      if (!folded) continue;
      // Caught up as of this read: waiters need not wait for writers that keep the drain going.
      if (read.complete && !this.#paused && this.#rebuildTotal === undefined) {
        this.#caughtUp(ticket);
      }
      if (this.#paused) {
        this.#publish({ status: "paused", error: this.#paused });
        for (const waiter of this.#waiters.splice(0)) waiter.reject(this.#paused);
        this.#settle(this.#paused);
        return;
      }
    }
  }

  /**
   * Folds one batch read from the store, publishes and checkpoints it. False when an inline
   * projection's checkpoint was written by another writer meanwhile: it reloaded, read again.
   */
  async #foldBatch(batch: readonly Message[]): Promise<boolean> {
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
    if (this.#stopped) return true;
    const { view, changed } = fold;
    this.#view = view;
    const rebuilding = this.#rebuildTotal !== undefined;
    if (this.#inline && !rebuilding) {
      // Saved first, shown next: the stored view is the one every writer builds on.
      if (changed && !(await this.#saveExact())) return false;
      this.#publishView(changed);
      return true;
    }
    if (rebuilding) {
      this.#publish({
        rebuild: { done: this.#read, total: Math.max(this.#read, this.#rebuildTotal ?? 0) },
      });
    } else {
      this.#publishView(changed);
    }
    // Shown first, saved next: a UI waits for the read, never for the checkpoint write.
    if (changed) {
      this.#unsaved = true;
      const interval = this.#options.checkpointIntervalMs ?? 0;
      if (Date.now() - this.#savedAt >= interval) await this.#save();
    }
    return true;
  }

  #publishView(changed: boolean): void {
    this.#publish({
      status: this.#snapshot.status === "live" ? "live" : "catching-up",
      view: changed ? deepFreeze(this.#view) : this.#snapshot.view,
      position: this.#position(),
    });
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
      // Folded by the commit that wrote it (inline): only the cursor moves past it.
      if (this.#inline && this.#ledger.consume(message)) {
        this.#advance(fold, message);
        continue;
      }
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
    const checkpoint = this.#checkpoint(this.#view);
    const type = this.#rebuildTotal !== undefined ? REBUILD_TYPE : CHECKPOINT_TYPE;
    // The same projection in another tab (or process) folds the same messages: when it saved a
    // checkpoint at least this far first, this one adds nothing (see PositionStream.save).
    const covers = (stored: Checkpoint<View>) =>
      stored.version === checkpoint.version &&
      Object.entries(checkpoint.positions).every(([c, p]) => (stored.positions[c] ?? 0) >= p);
    await this.#retrying(() => this.#positionStream.save(type, checkpoint, covers));
  }

  #checkpoint(
    view: View,
    extra?: readonly (readonly [string, number, number])[],
  ): Checkpoint<View> {
    const inline = this.#ledger.toJSON(extra);
    return {
      version: this.version,
      positions: { ...this.#positions },
      read: this.#read,
      view,
      ...(inline ? { inline } : {}),
    };
  }

  /**
   * Inline: saves only on top of the checkpoint this state came from. False when another writer
   * saved first: its checkpoint (with what its commits folded) is reloaded, and catch-up reads again.
   */
  async #saveExact(): Promise<boolean> {
    if (this.#superseded) return true;
    this.#unsaved = false;
    this.#savedAt = Date.now();
    const saved = await this.#retrying(() =>
      this.#positionStream.saveExact(CHECKPOINT_TYPE, this.#checkpoint(this.#view)),
    );
    if (saved !== false) return true;
    await this.#reload();
    return false;
  }

  /** Inline: the stored checkpoint replaces this state (another writer saved on top of it). */
  async #reload(): Promise<void> {
    const stored = await this.#retrying(() => this.#positionStream.load<View>(CHECKPOINT_TYPE));
    if (this.#stopped) return;
    this.#stale = false;
    this.#epoch++;
    if (stored && stored.version !== this.version) {
      // Another version serves now (a deploy): keep folding in memory, write nothing.
      this.#superseded = true;
      return;
    }
    this.#resumeFrom(
      stored ?? { version: this.version, positions: {}, read: 0, view: this.#options.initialState },
    );
    this.#unsaved = false;
    this.#publish({ view: this.#view, position: this.#position() });
  }

  /** @internal Runs `work` while neither a commit nor catch-up changes the state (inline). */
  locked<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(work);
    this.#lock = run.catch(() => {});
    return run;
  }

  /** @internal Inline: caught up once, so commits fold on top of history (false once stopped). */
  async inlineReady(): Promise<boolean> {
    if (this.#stopped) return false;
    await this.start();
    return !this.#stopped;
  }

  /** @internal Inline: another writer saved a checkpoint; the next commit reloads it first. */
  conflicted(): void {
    this.#stale = true;
  }

  /**
   * @internal Inline: folds the events of a commit's `appends` on top of the current view and
   * returns the checkpoint append to make with them (undefined when nothing changed). Throws
   * `ProjectionHandlerError` when a handler throws: the commit then writes nothing.
   */
  async planInline(appends: readonly StreamAppend[], now: Date): Promise<InlinePlan | undefined> {
    if (this.#stale) await this.#reload();
    if (this.#paused) throw this.#paused;
    if (this.#superseded || this.#stopped) return undefined;
    let view = this.#view;
    const folded: [string, number, number][] = [];
    let changed = false;
    const categories = this.categories;
    for (const append of appends) {
      if (!categories.includes(categoryOf(append.streamName))) continue;
      if (append.expectedVersion === null) {
        throw new UsageError(
          `Inline projection ${this.name} cannot fold ${append.streamName} written without an expected version.`,
        );
      }
      const first = append.expectedVersion + 1;
      append.messages.forEach((m, i) => {
        const handler = this.#handlerFor(m.type);
        if (!handler) return;
        // The store assigns global positions when it writes: an inline handler sees 0.
        const message: Message = {
          ...m,
          streamName: append.streamName,
          metadata: m.metadata ?? null,
          position: first + i,
          globalPosition: 0,
          time: now,
        };
        let next: View;
        try {
          next = handler(view, messageData(message), message);
        } catch (cause) {
          throw new ProjectionHandlerError(this.name, message, 1, cause, true);
        }
        if (next !== view) changed = true;
        view = next;
      });
      if (append.messages.length > 0) {
        folded.push([append.streamName, first, first + append.messages.length - 1]);
      }
    }
    if (!changed) return undefined;
    const checkpoint = this.#checkpoint(view, folded);
    const append = this.#positionStream.appendOf(
      CHECKPOINT_TYPE,
      checkpoint,
      this.#positionStream.version ?? NO_STREAM,
    );
    return {
      append,
      apply: (results) => {
        let high = this.#inlineHigh;
        for (const r of results) {
          if (r.streamName === append.streamName) {
            this.#positionStream.saved(CHECKPOINT_TYPE, checkpoint, r.position);
          } else if (categories.includes(categoryOf(r.streamName)) && r.globalPosition > high) {
            high = r.globalPosition;
          }
        }
        this.#inlineHigh = high;
        this.#view = deepFreeze(view);
        for (const [stream, from, to] of folded) this.#ledger.add(stream, from, to);
        this.#unsaved = false;
        this.#publish({ view: this.#view, position: this.#position() });
      },
    };
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
    let max = this.#inlineHigh;
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
