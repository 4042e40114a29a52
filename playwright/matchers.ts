import type { ExpectMatcherState, MatcherReturnType } from "@playwright/test";
import type { Message } from "../core/index.js";
import { matchesData } from "./message-listing.js";
import type { MessageSource, WaitForEventOptions } from "./page-database.js";
import { isNavigationError, sleep } from "./polling.js";

/** Playwright passes its expect timeout to matchers since 1.45; 5000 ms is its default. */
const expectTimeout = (state: ExpectMatcherState) =>
  typeof state.timeout === "number" ? state.timeout : 5000;

/**
 * Reads until the condition is what the assertion wants (true, or false under `.not`) or the
 * timeout passes, as Playwright's own web-first assertions retry.
 */
async function retry(
  source: MessageSource,
  timeout: number,
  wanted: boolean,
  holds: (messages: readonly Message[]) => boolean,
): Promise<{ pass: boolean; messages: Message[] }> {
  const deadline = Date.now() + timeout;
  for (;;) {
    let messages: Message[] = [];
    try {
      messages = await source.read();
    } catch (error) {
      if (!isNavigationError(error) || Date.now() >= deadline) throw error;
    }
    const pass = holds(messages);
    if (pass === wanted || Date.now() >= deadline) return { pass, messages };
    await sleep(Math.min(50, Math.max(0, deadline - Date.now())));
  }
}

/**
 * Retrying matchers over a page's IndexedDB store, for Playwright's `expect.extend`.
 *
 * @example
 * import { expect as base } from "@playwright/test";
 * import { pageDatabase, strataMatchers } from "strata-es/playwright";
 * const expect = base.extend(strataMatchers);
 * const db = pageDatabase(page, { databaseName: "my-app" });
 * await expect(db.stream("user-1")).toHaveEvent("Renamed", { data: { firstName: "Ada" } });
 * await expect(db.category("user")).toHaveEventTypes(["Registered", "Renamed"]);
 * await expect(db.stream("user-2")).not.toHaveEvent("Deleted");
 */
export const strataMatchers = {
  /** The stream or category holds an event of `type` (with data containing `options.data`). */
  async toHaveEvent(
    this: ExpectMatcherState,
    source: MessageSource,
    type: string,
    options: WaitForEventOptions = {},
  ): Promise<MatcherReturnType> {
    const timeout = options.timeout ?? expectTimeout(this);
    const matches = (m: Message) =>
      m.type === type && (options.data === undefined || matchesData(m.data, options.data));
    const { pass, messages } = await retry(source, timeout, !this.isNot, (all) =>
      all.some(matches),
    );
    const wanted = `a "${type}" event${options.data === undefined ? "" : ` with data matching ${JSON.stringify(options.data)}`}`;
    const listing = await source.listing(messages);
    return {
      name: "toHaveEvent",
      pass,
      expected: wanted,
      actual: messages.map((m) => m.type),
      timeout,
      message: () =>
        this.isNot
          ? `Expected ${source.describe()} not to have ${wanted} (waited ${timeout} ms), but ${describeAt(messages.find(matches))} is one. ${listing}`
          : `Expected ${source.describe()} to have ${wanted} (waited ${timeout} ms). ${listing}`,
    };
  },

  /** The stream or category holds exactly these event types, in this order. */
  async toHaveEventTypes(
    this: ExpectMatcherState,
    source: MessageSource,
    types: readonly string[],
    options: { timeout?: number } = {},
  ): Promise<MatcherReturnType> {
    const timeout = options.timeout ?? expectTimeout(this);
    const same = (all: readonly Message[]) =>
      all.length === types.length && all.every((m, i) => m.type === types[i]);
    const { pass, messages } = await retry(source, timeout, !this.isNot, same);
    const listing = await source.listing(messages);
    return {
      name: "toHaveEventTypes",
      pass,
      expected: types,
      actual: messages.map((m) => m.type),
      timeout,
      message: () =>
        `Expected ${source.describe()} ${this.isNot ? "not " : ""}to have the event types ${JSON.stringify(types)} (waited ${timeout} ms), got ${JSON.stringify(messages.map((m) => m.type))}. ${listing}`,
    };
  },
};

const describeAt = (m: Message | undefined) =>
  m === undefined ? "one" : `${m.streamName}@${m.position}`;

/** The matchers' signatures on `expect(source)`, for declaring them on a custom `expect`. */
export type StrataMatchers = typeof strataMatchers;
