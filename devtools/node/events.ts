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
  let replaying = lastEventId !== undefined && /^\d+$/.test(lastEventId);
  let sentUpTo = replaying ? Number(lastEventId) : 0;
  const held: Message[] = [];
  const send = (messages: readonly Message[]) => {
    const fresh = messages.filter((m) => m.globalPosition > sentUpTo || !replaying);
    if (fresh.length === 0) return;
    const last = Math.max(...fresh.map((m) => m.globalPosition));
    sentUpTo = Math.max(sentUpTo, last);
    response.write(
      `id: ${sentUpTo}\nevent: messages\ndata: ${JSON.stringify(fresh.map(toWire))}\n\n`,
    );
  };
  const stopStore = store.subscribe((messages) =>
    replaying ? held.push(...messages) : send(messages),
  );
  const stopTap = domain?.tap.subscribe((record) => {
    response.write(`event: tap\ndata: ${JSON.stringify(tapToWire(record))}\n\n`);
  });
  if (replaying) {
    // What was written while the connection was down, then what arrived meanwhile, without repeats.
    void catalog
      .feed({ after: sentUpTo, limit: REPLAY_MAX })
      .then(send, () => {})
      .finally(() => {
        const after = sentUpTo;
        replaying = false;
        send(held.filter((m) => m.globalPosition > after));
        held.length = 0;
      });
  }
  const heartbeat = setInterval(() => response.write(": ping\n\n"), HEARTBEAT_MS);
  heartbeat.unref();
  return () => {
    clearInterval(heartbeat);
    stopStore();
    stopTap?.();
    response.end();
  };
}
