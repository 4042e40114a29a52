import {
  categoryOf,
  type EventStore,
  type Message,
  type ReadCategoryOptions,
  type ReadStreamOptions,
  UsageError,
} from "../../core/store-kit.js";

/**
 * A read-only store over imported messages that keeps them exactly as exported (time, positions,
 * ids), so the panel can browse a file someone sent with a bug report.
 */
export class ImportedEventStore implements EventStore {
  readonly #messages: readonly Message[];

  constructor(messages: readonly Message[]) {
    this.#messages = [...messages].sort((a, b) => a.globalPosition - b.globalPosition);
  }

  async append(): Promise<never> {
    throw new UsageError(
      "An imported NDJSON file is read-only in the devtools: import it into a MemoryEventStore to write.",
    );
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<Message[]> {
    const from = options.fromPosition ?? 0;
    const to = options.toPosition ?? Number.POSITIVE_INFINITY;
    return this.#messages.filter(
      (m) => m.streamName === streamName && m.position >= from && m.position <= to,
    );
  }

  async readCategory(category: string, options: ReadCategoryOptions = {}): Promise<Message[]> {
    const from = options.fromGlobalPosition ?? 1;
    return this.#messages
      .filter((m) => categoryOf(m.streamName) === category && m.globalPosition >= from)
      .slice(0, options.batchSize ?? 1000);
  }

  async lastMessage(streamName: string): Promise<Message | null> {
    return this.#messages.findLast((m) => m.streamName === streamName) ?? null;
  }

  async streamVersion(streamName: string): Promise<number> {
    return (await this.lastMessage(streamName))?.position ?? -1;
  }

  subscribe(): () => void {
    return () => {};
  }

  async close(): Promise<void> {}

  /** Every message, in global order. */
  get messages(): readonly Message[] {
    return this.#messages;
  }
}
