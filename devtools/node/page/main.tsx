// The page the devtools bridge serves: the panel on a RemoteEventStore, filling the window.
import { reviveJson } from "../../../core/json-codec.js";
import {
  categoryOf,
  Domain,
  idOf,
  type Message,
  snapshotStreamName,
  type TapRecord,
} from "../../../core/store-kit.js";
import type { PanelSource } from "../../model/panel-source.js";
import { mountDevtools } from "../../ui/mount.js";
import { RemoteEventStore } from "./remote-event-store.js";

/** How much of a large store the panel reads at open (the latest messages); streams load whole when opened. */
const INITIAL = Number(new URLSearchParams(location.search).get("latest") ?? 5000);
const PAGE = 1000;

const status = document.getElementById("status") as HTMLElement;
let said = "";
const say = (text: string) => {
  said = text;
  status.textContent = text;
};

/** Top-level await would do, but the page stays a plain script for bundlers that wrap it. */
async function start(): Promise<void> {
  const store = new RemoteEventStore();
  const info = await store.info();
  const where = info.mode === "domain" ? `app ${info.name}` : info.database;
  const total = info.lastGlobalPosition;
  /** The newest global position heard: the status line counts the store as it grows. */
  let newest = total;
  let note = "";
  const live = () =>
    say(`${where}: ${newest.toLocaleString("en")} messages by global position${note} · live`);

  async function readLatest(): Promise<Message[]> {
    const pages: Message[][] = [];
    let read = 0;
    let before = total + 1;
    while (read < INITIAL && before > 1) {
      say(
        `${where}: reading the latest messages… ${read.toLocaleString("en")} of ${Math.min(INITIAL, total).toLocaleString("en")}`,
      );
      const page = await store.feed({ before, limit: Math.min(PAGE, INITIAL - read) });
      if (page.length === 0) break;
      pages.unshift(page);
      read += page.length;
      before = (page[0] as Message).globalPosition;
    }
    note =
      read < total
        ? ` (read the latest ${read.toLocaleString("en")}; opening a stream reads it whole)`
        : "";
    live();
    return pages.flat();
  }

  const source: PanelSource = {
    readInitial: readLatest,
    readStream: async (streamName) => {
      const events = await store.readStream(streamName);
      const category = categoryOf(streamName);
      const id = idOf(streamName);
      const snapshots =
        id && !category.endsWith(":snapshot")
          ? await store.readStream(snapshotStreamName(category, id))
          : [];
      return [...events, ...snapshots];
    },
    ...(info.mode === "domain"
      ? {
          stateAt: async (streamName: string, version: number) => {
            const wire = await store.state(streamName, version);
            return {
              version: wire.version,
              state: wire.types ? reviveJson(wire.json, wire.types) : wire.json,
              failure: wire.failure ?? undefined,
            };
          },
        }
      : {
          noState:
            "State needs the app's apply handlers, which this bridge does not have: call serveDevtools(domain) inside the app to see states.",
        }),
  };

  // A stand-in domain: its name, the remote store, and the app's tap records replayed on its tap.
  const domain = new Domain(info.name, { eventStore: store, cache: false });
  store.onTap((record: TapRecord) => {
    if (domain.tap.on) domain.tap.emit(record as Parameters<typeof domain.tap.emit>[0]);
  });
  store.subscribe((messages) => {
    newest = Math.max(newest, ...messages.map((m) => m.globalPosition));
    if (said.endsWith("· live")) live();
  });
  store.onStatus((connected) => {
    status.textContent = connected ? said : `${where}: connection lost, reconnecting…`;
  });
  mountDevtools(document.getElementById("root") as HTMLElement, {
    domain,
    mode: "embedded",
    source,
  });
  document.body.dataset.ready = "true";
}

start().catch((error: unknown) => say(`Strata devtools: ${(error as Error).message}`));
