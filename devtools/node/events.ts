import type { ServerResponse } from "node:http";
import type { MessageDbCatalog } from "../../adapters/messagedb/catalog.js";
import type { Domain, EventStore, Message } from "../../core/index.js";
import { tapToWire, toWire } from "./wire.js";

const HEARTBEAT_MS = 15_000;
const REPLAY_MAX = 1000;

/**
 * One Server-Sent Events connection: the store's messages as `messages` events (each id is its
 * last global position, so a reconnecting EventSource resumes from Last-Event-ID), and with an
 * app the domain's tap records as `tap` events. Returns the function that ends it.
 */
export function streamEvents(
  response: ServerResponse,
  store: EventStore,
  catalog: MessageDbCatalog,
  domain: Domain | undefined,
  lastEventId: string | undefined,
): () => void {
  response.writeHead(200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    Connection: "keep-alive",
    "X-Accel-Buffering": "no",
  });
  response.write("retry: 1000\n\n");
  // A fresh connection starts at the store's end: as a reconnection would, from that position, so
  // nothing committed while the subscription starts is lost. `ready` says when it is live.
  const resume =
    lastEventId !== undefined && /^\d+$/.test(lastEventId) ? Number(lastEventId) : undefined;
  let replaying = true;
  let closed = false;
  let sentUpTo = 0;
  const held: Message[] = [];
  /** What the catch-up read sent: the live subscription may deliver those too. */
  const replayed = new Set<number>();
  const send = (messages: readonly Message[]) => {
    const fresh = messages.filter((m) => !replayed.has(m.globalPosition));
    if (closed || fresh.length === 0) return;
    sentUpTo = Math.max(sentUpTo, ...fresh.map((m) => m.globalPosition));
    response.write(
      `id: ${sentUpTo}\nevent: messages\ndata: ${JSON.stringify(fresh.map(toWire))}\n\n`,
    );
  };
  let stopStore: () => void = () => {};
  const stopTap = domain?.tap.subscribe((record) => {
    if (!closed) response.write(`event: tap\ndata: ${JSON.stringify(tapToWire(record))}\n\n`);
  });
  void (async () => {
    try {
      sentUpTo = resume ?? (await catalog.stats()).lastGlobalPosition;
      if (closed) return;
      stopStore = store.subscribe((messages) =>
        replaying ? held.push(...messages) : send(messages),
      );
      await (store as { listening?: () => Promise<void> }).listening?.();
      const missed = await catalog.feed({ after: sentUpTo, limit: REPLAY_MAX });
      send(missed);
      for (const m of missed) replayed.add(m.globalPosition);
    } catch {
      // The stream stays open; the next reconnection resumes from its last id.
    }
    replaying = false;
    send(held.splice(0));
    if (!closed)
      response.write(`event: ready\ndata: ${JSON.stringify({ position: sentUpTo })}\n\n`);
  })();
  const heartbeat = setInterval(() => response.write(": ping\n\n"), HEARTBEAT_MS);
  heartbeat.unref();
  return () => {
    clearInterval(heartbeat);
    closed = true;
    stopStore();
    stopTap?.();
    response.end();
  };
}
