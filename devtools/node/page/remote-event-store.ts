import type { CategoryEntry, StreamEntry } from "../../../adapters/messagedb/catalog.js";
import {
  type AppendResult,
  type EventStore,
  type Message,
  type MessagesListener,
  type ReadCategoryOptions,
  type ReadStreamOptions,
  StoreError,
  type StreamAppend,
  type TapRecord,
  UsageError,
} from "../../../core/store-kit.js";
import { type BridgeInfo, fromWire, type WireMessage, type WireState } from "../wire.js";

/** `append` on a RemoteEventStore: the bridge is read-only, so nothing was written. */
export class ReadOnlyStoreError extends UsageError {
  constructor(streams: readonly StreamAppend[]) {
    super(
      `The devtools bridge is read-only: append to ${streams.map((s) => s.streamName).join(", ") || "(no stream)"} was refused and nothing was written.`,
    );
  }
}

/**
 * A read-only EventStore in the browser that reads a devtools bridge over HTTP and hears it over
 * Server-Sent Events, so the panel runs on it as on any store. Requests carry the bridge's
 * cookie (same origin).
 *
 * @example
 * const store = new RemoteEventStore();
 * const info = await store.info();
 */
export class RemoteEventStore implements EventStore {
  readonly #base: string;
  readonly #listeners = new Set<MessagesListener>();
  readonly #tapListeners = new Set<(record: TapRecord) => void>();
  #events: EventSource | undefined;
  #onStatus: (connected: boolean) => void = () => {};

  constructor(base = "") {
    this.#base = base;
  }

  async #get<T>(
    path: string,
    params: Record<string, string | number | undefined> = {},
  ): Promise<T> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, String(v));
    const response = await fetch(`${this.#base}${path}?${query}`, { credentials: "same-origin" });
    const body = (await response.json()) as T & { error?: string };
    if (!response.ok)
      throw new StoreError(`Devtools bridge ${path}: ${body.error ?? response.status}`);
    return body;
  }

  info(): Promise<BridgeInfo> {
    return this.#get("/api/info");
  }

  async categories(after?: string, limit = 100): Promise<CategoryEntry[]> {
    return (await this.#get<{ categories: CategoryEntry[] }>("/api/categories", { after, limit }))
      .categories;
  }

  async streams(category: string, after?: number, limit = 100): Promise<StreamEntry[]> {
    return (await this.#get<{ streams: StreamEntry[] }>("/api/streams", { category, after, limit }))
      .streams;
  }

  /** Messages of every stream in global order: after `after`, or the `limit` before `before`. */
  async feed(options: { after?: number; before?: number; limit?: number }): Promise<Message[]> {
    return (await this.#get<{ messages: WireMessage[] }>("/api/feed", options)).messages.map(
      fromWire,
    );
  }

  state(streamName: string, version: number): Promise<WireState> {
    return this.#get("/api/state", { stream: streamName, version });
  }

  async append(streams: readonly StreamAppend[]): Promise<AppendResult[]> {
    throw new ReadOnlyStoreError(streams);
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<Message[]> {
    const page = options.batchSize ?? 1000;
    const to = options.toPosition ?? Number.POSITIVE_INFINITY;
    const all: Message[] = [];
    let from = options.fromPosition ?? 0;
    while (from <= to) {
      const limit = Math.min(page, to - from + 1);
      const { messages } = await this.#get<{ messages: WireMessage[] }>("/api/stream", {
        name: streamName,
        from,
        limit,
      });
      all.push(...messages.map(fromWire));
      if (messages.length < limit) break;
      from = (all.at(-1) as Message).position + 1;
    }
    return all;
  }

  async readCategory(category: string, options: ReadCategoryOptions = {}): Promise<Message[]> {
    if (options.correlation !== undefined || options.consumerGroupSize !== undefined)
      throw new UsageError(
        "RemoteEventStore.readCategory: correlation and consumer groups are not read over the bridge.",
      );
    const { messages } = await this.#get<{ messages: WireMessage[] }>("/api/category", {
      name: category,
      from: options.fromGlobalPosition,
      limit: options.batchSize,
    });
    return messages.map(fromWire);
  }

  async lastMessage(streamName: string, options: { type?: string } = {}): Promise<Message | null> {
    const { message } = await this.#get<{ message: WireMessage | null }>("/api/last", {
      name: streamName,
      type: options.type,
    });
    return message ? fromWire(message) : null;
  }

  async streamVersion(streamName: string): Promise<number> {
    return (await this.lastMessage(streamName))?.position ?? -1;
  }

  /** Hears every write the bridge's store sees (any process); one EventSource for all listeners. */
  subscribe(listener: MessagesListener): () => void {
    this.#listeners.add(listener);
    this.#connect();
    return () => {
      this.#listeners.delete(listener);
      this.#disconnectIfIdle();
    };
  }

  /** Hears the app's tap records (serveDevtools with a domain). */
  onTap(listener: (record: TapRecord) => void): () => void {
    this.#tapListeners.add(listener);
    this.#connect();
    return () => {
      this.#tapListeners.delete(listener);
      this.#disconnectIfIdle();
    };
  }

  /** Called with true when the event stream is open, false while it reconnects. */
  onStatus(listener: (connected: boolean) => void): void {
    this.#onStatus = listener;
  }

  #connect(): void {
    if (this.#events) return;
    const events = new EventSource(`${this.#base}/api/events`);
    events.addEventListener("messages", (event) => {
      const messages = (JSON.parse((event as MessageEvent<string>).data) as WireMessage[]).map(
        fromWire,
      );
      for (const listener of this.#listeners) listener(messages);
    });
    events.addEventListener("tap", (event) => {
      const record = JSON.parse((event as MessageEvent<string>).data) as TapRecord;
      for (const listener of this.#tapListeners) listener(record);
    });
    events.addEventListener("open", () => this.#onStatus(true));
    events.addEventListener("error", () => this.#onStatus(false));
    this.#events = events;
  }

  #disconnectIfIdle(): void {
    if (this.#listeners.size > 0 || this.#tapListeners.size > 0) return;
    this.#events?.close();
    this.#events = undefined;
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    this.#tapListeners.clear();
    this.#disconnectIfIdle();
  }
}
