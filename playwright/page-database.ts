import type { Page } from "@playwright/test";
import {
  type DomainEvent,
  type JsonObject,
  type Message,
  type MessageMetadata,
  UsageError,
  uuid,
} from "../core/index.js";
import { categoryOf } from "../core/stream-name.js";
import { eventMessage } from "../testing/event-message.js";
import {
  type PageQuery,
  type PageRead,
  type PageRecord,
  readInPage,
  SEED_KEY,
  type SeedStream,
  writeInPage,
} from "./in-page.js";
import { describeMessages, matchesData } from "./message-listing.js";
import { isNavigationError, sleep } from "./polling.js";
import { databaseLayout } from "./schema-layout.js";
import { seedScript } from "./seed-script.js";

/** Options of `pageDatabase`. */
export interface PageDatabaseOptions {
  /**
   * The IndexedDB database the app's `IndexedDBEventStore` uses: its `databaseName` (or the
   * `databaseUri` of `{ provider: "indexeddb" }`). Named explicitly, so a test cannot quietly read
   * another database than the app writes.
   */
  databaseName: string;
  /** How often `waitForEvent` and the matchers read again while waiting (default 50 ms). */
  pollIntervalMs?: number;
}

/**
 * A message to seed: an event made by one of the app's event types (encoded as the repository
 * encodes it, Dates and all), or a raw message as another client would write it.
 */
export type SeedMessage =
  | DomainEvent
  | {
      readonly type: string;
      readonly data: JsonObject;
      readonly metadata?: MessageMetadata;
      /** Default: a new uuid. */
      readonly id?: string;
      /** Default: when `seed`/`append` was called. */
      readonly time?: Date;
    };

/** Options of `waitForEvent` and `toHaveEvent`. */
export interface WaitForEventOptions {
  /** How long to wait, in ms (default 5000). */
  timeout?: number;
  /** Only an event whose data contains these values (objects compared key by key, deeply). */
  data?: Record<string, unknown>;
}

/** A stream or category of the page's database: what the matchers read. */
export interface MessageSource {
  readonly database: PageDatabase;
  readonly kind: "stream" | "category";
  readonly name: string;
  read(): Promise<Message[]>;
  /** `stream user-1 in IndexedDB database "app"` */
  describe(): string;
  /** What is there, for failure messages: the messages, or the streams the database holds. */
  listing(messages: readonly Message[]): Promise<string>;
}

const toMessage = (r: PageRecord): Message => ({
  id: r.id,
  streamName: r.streamName,
  type: r.type,
  position: r.position,
  globalPosition: r.globalPosition,
  data: r.data as JsonObject,
  metadata: r.metadata as MessageMetadata | null,
  time: new Date(r.time),
});

const isDomainEvent = (m: SeedMessage): m is DomainEvent =>
  typeof (m as DomainEvent).schemaVersion === "number";

/**
 * Reads, waits for and seeds the messages of a page's IndexedDB event store, from a Playwright
 * test. It talks to IndexedDB in the page directly (no hooks in the app), with the record shape
 * `IndexedDBEventStore` writes, so what it seeds the app's store reads back and what the app
 * writes it reads.
 *
 * @example
 * const db = pageDatabase(page, { databaseName: "my-app" });
 * await db.seed("user-1", [Registered({ email: "ada@example.com" })]); // before the app loads
 * await page.goto("/");
 * await page.getByRole("button", { name: "Rename" }).click();
 * const renamed = await db.waitForEvent("user-1", "Renamed");
 */
export class PageDatabase {
  readonly databaseName: string;
  readonly #pollIntervalMs: number;

  constructor(
    readonly page: Page,
    options: PageDatabaseOptions,
  ) {
    if (typeof options?.databaseName !== "string" || options.databaseName === "") {
      throw new UsageError(
        'pageDatabase(page, { databaseName }) needs the name of the IndexedDB database the app\'s store uses, e.g. { databaseName: "my-app" }.',
      );
    }
    this.databaseName = options.databaseName;
    this.#pollIntervalMs = options.pollIntervalMs ?? 50;
  }

  /**
   * Seeds messages before the app's code runs: on the next navigation (and every later one, where
   * messages already there are not written again), the stream gets them after its last position,
   * in one transaction that IndexedDB runs before any of the app's. Call it before `page.goto`.
   * A database that does not exist yet is created as the store would create it.
   */
  async seed(streamName: string, messages: readonly SeedMessage[]): Promise<void> {
    await this.page.addInitScript(
      seedScript({
        databaseName: this.databaseName,
        layout: databaseLayout(),
        streams: [this.#encode(streamName, messages)],
        seedKey: SEED_KEY,
      }),
    );
  }

  /**
   * Appends messages now, into the loaded page's database, as another tab would: the app's store
   * subscribers hear them through the store's cross-tab channel. Returns their global positions.
   */
  async append(
    streamName: string,
    messages: readonly SeedMessage[],
  ): Promise<{ from: number | null; to: number | null }> {
    const { from, to } = await this.page.evaluate(writeInPage, {
      databaseName: this.databaseName,
      layout: databaseLayout(),
      streams: [this.#encode(streamName, messages)],
      notify: true,
    });
    return { from, to };
  }

  /** The stream's messages from a position (default 0), as the store's `readStream` returns them. */
  async readStream(
    streamName: string,
    options: { fromPosition?: number } = {},
  ): Promise<Message[]> {
    const read = await this.#read({
      kind: "stream",
      streamName,
      fromPosition: options.fromPosition ?? 0,
    });
    return read.records.map(toMessage);
  }

  /** A category's messages in global order, as the store's `readCategory` returns them. */
  async readCategory(
    category: string,
    options: { fromGlobalPosition?: number; batchSize?: number } = {},
  ): Promise<Message[]> {
    const read = await this.#read({
      kind: "category",
      category,
      fromGlobalPosition: options.fromGlobalPosition ?? 1,
      limit: options.batchSize ?? 1000,
    });
    return read.records.map(toMessage);
  }

  /** Every message in the database in global order, snapshots included. */
  async readAll(): Promise<Message[]> {
    return (await this.#read({ kind: "all" })).records.map(toMessage);
  }

  /**
   * Waits until the stream holds an event of `type` (whose data contains `options.data`, if
   * given) and returns the first such message. Times out after `options.timeout` ms (default
   * 5000) with an error listing what the stream holds, or the streams the database holds.
   */
  async waitForEvent(
    streamName: string,
    type: string,
    options: WaitForEventOptions = {},
  ): Promise<Message> {
    const source = this.stream(streamName);
    const timeout = options.timeout ?? 5000;
    const deadline = Date.now() + timeout;
    let messages: Message[] = [];
    for (;;) {
      messages = await this.#poll(source, messages);
      const found = messages.find(
        (m) => m.type === type && (options.data === undefined || matchesData(m.data, options.data)),
      );
      if (found) return found;
      if (Date.now() >= deadline) break;
      await sleep(Math.min(this.#pollIntervalMs, Math.max(0, deadline - Date.now())));
    }
    const wanted =
      options.data === undefined ? "" : ` with data matching ${JSON.stringify(options.data)}`;
    throw new Error(
      `Timed out after ${timeout} ms waiting for a "${type}" event${wanted} on ${source.describe()}. ${await source.listing(messages)}`,
    );
  }

  /** A stream of the database, for the matchers: `expect(db.stream("user-1")).toHaveEvent("Renamed")`. */
  stream(streamName: string): MessageSource {
    return this.#source("stream", streamName, () => this.readStream(streamName));
  }

  /** A category of the database, for the matchers. */
  category(category: string): MessageSource {
    return this.#source("category", category, () => this.readCategory(category));
  }

  /** Reads again while waiting; a navigation in between is waited out, not reported. */
  async #poll(source: MessageSource, last: Message[]): Promise<Message[]> {
    try {
      return await source.read();
    } catch (error) {
      if (isNavigationError(error)) return last;
      throw error;
    }
  }

  #source(
    kind: "stream" | "category",
    name: string,
    read: () => Promise<Message[]>,
  ): MessageSource {
    return {
      database: this,
      kind,
      name,
      read,
      describe: () => `${kind} ${name} in IndexedDB database "${this.databaseName}"`,
      listing: async (messages) => {
        if (messages.length > 0) return describeMessages(messages, `The ${kind} holds`);
        const read = await this.#read({ kind: "all" }).catch(() => undefined);
        if (!read) return `The ${kind} has no messages.`;
        if (!read.exists) {
          return `The ${kind} has no messages: the database does not exist in ${read.origin} (is the page open there, and is "${this.databaseName}" the name the app's store uses?).`;
        }
        return `The ${kind} has no messages. ${describeStreams(read)}`;
      },
    };
  }

  async #read(query: PageQuery): Promise<PageRead> {
    return this.page.evaluate(readInPage, {
      databaseName: this.databaseName,
      query,
      seedKey: SEED_KEY,
    });
  }

  #encode(streamName: string, messages: readonly SeedMessage[]): SeedStream {
    const now = Date.now();
    return {
      streamName,
      category: categoryOf(streamName),
      messages: messages.map((m) => {
        if (isDomainEvent(m)) {
          const { id, type, data, metadata } = eventMessage(m);
          return { id, type, data, metadata: metadata ?? null, time: now };
        }
        return {
          id: m.id ?? uuid(),
          type: m.type,
          data: m.data,
          metadata: m.metadata ?? null,
          time: m.time?.getTime() ?? now,
        };
      }),
    };
  }
}

function describeStreams(read: PageRead): string {
  if (read.records.length === 0) return "The database holds no messages.";
  const counts = new Map<string, number>();
  for (const r of read.records) counts.set(r.streamName, (counts.get(r.streamName) ?? 0) + 1);
  const streams = [...counts].map(([name, n]) => `${name} (${n} message${n === 1 ? "" : "s"})`);
  const shown = streams.slice(0, 20).join(", ");
  return `The database holds ${streams.length} stream${streams.length === 1 ? "" : "s"}: ${shown}${streams.length > 20 ? `, and ${streams.length - 20} more` : ""}.`;
}

/**
 * The IndexedDB event store of a Playwright page: read streams and categories, wait for events,
 * seed history before the app loads.
 *
 * @example
 * const db = pageDatabase(page, { databaseName: "my-app" });
 * expect((await db.readStream("user-1")).map((m) => m.type)).toEqual(["Registered", "Renamed"]);
 */
export function pageDatabase(page: Page, options: PageDatabaseOptions): PageDatabase {
  return new PageDatabase(page, options);
}
