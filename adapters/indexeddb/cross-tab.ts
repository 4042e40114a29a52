/** What a writer tells other tabs: the global positions (inclusive) it just committed. */
export interface CommitNotice {
  readonly from: number;
  readonly to: number;
}

const isNotice = (value: unknown): value is CommitNotice =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as CommitNotice).from === "number" &&
  typeof (value as CommitNotice).to === "number";

/**
 * Tells other tabs (and other stores on the same database in this tab) about commits through a
 * BroadcastChannel named after the database. Only positions travel: a writer pays the same small
 * post whatever the append's size, and only receivers with subscribers read the messages.
 */
export class CrossTabChannel {
  readonly #channel: BroadcastChannel | undefined;

  constructor(database: string, onNotice: (notice: CommitNotice) => void) {
    if (typeof BroadcastChannel === "undefined") return;
    this.#channel = new BroadcastChannel(`strata:indexeddb:${database}`);
    this.#channel.onmessage = (event: MessageEvent<unknown>) => {
      if (isNotice(event.data)) onNotice(event.data);
    };
    // Node keeps the process alive while a channel is open; a store must not.
    (this.#channel as { unref?: () => void }).unref?.();
  }

  post(notice: CommitNotice): void {
    this.#channel?.postMessage(notice);
  }

  close(): void {
    this.#channel?.close();
  }
}
