// The catch-up workload itself, free of Node: catch-up.ts in Node and the Chromium page share it.
import { Domain, defineProjection, type EventStore, type Message, uuid } from "../../core/index.js";
import type { Variant } from "../harness.js";

const CATEGORY = "todo";
const BATCH = 1000;

/** The view both sides fold: totals by message type, as a dashboard would. */
interface Totals {
  readonly count: number;
  readonly added: number;
  readonly completed: number;
}
const initial: Totals = { count: 0, added: 0, completed: 0 };
const fold = (view: Totals, _data: unknown, m: Message): Totals => ({
  count: view.count + 1,
  added: view.added + (m.type === "TodoAdded" ? 1 : 0),
  completed: view.completed + (m.type === "TodoCompleted" ? 1 : 0),
});

/** `events` messages in one category: streams of 10 (one TodoAdded, then TodoCompleted). */
export async function seed(store: EventStore, events: number): Promise<void> {
  const perStream = 10;
  const streamsPerAppend = 100;
  for (let s = 0; s < events / perStream; s += streamsPerAppend) {
    await store.append(
      Array.from({ length: streamsPerAppend }, (_, i) => ({
        streamName: `${CATEGORY}-${s + i}`,
        expectedVersion: null,
        messages: Array.from({ length: perStream }, (_, n) => ({
          id: uuid(),
          type: n === 0 ? "TodoAdded" : "TodoCompleted",
          data: { title: `Todo ${s + i}`, n },
        })),
      })),
    );
  }
}

/** The floor: readCategory in batches of 1000 and the same fold, nothing kept. */
async function rawLoop(store: EventStore): Promise<Totals> {
  let view = initial;
  for (let from = 1; ; ) {
    const batch = await store.readCategory(CATEGORY, {
      fromGlobalPosition: from,
      batchSize: BATCH,
    });
    for (const m of batch) view = fold(view, m.data, m);
    const last = batch[batch.length - 1];
    if (!last || batch.length < BATCH) return view;
    from = last.globalPosition + 1;
  }
}

/** A fresh projection (a name never used) caught up from the start, checkpointing per batch. */
async function projectionCatchUp(store: EventStore): Promise<Totals> {
  const projection = defineProjection<Totals>(
    new Domain("bench", { eventStore: store }),
    `totals${uuid().replaceAll("-", "")}`,
    {
      version: 1,
      categories: [CATEGORY],
      initialState: initial,
      batchSize: BATCH,
      handlers: { TodoAdded: fold, TodoCompleted: fold },
    },
  );
  await projection.start();
  const view = projection.getSnapshot().view as Totals;
  await projection.stop();
  return view;
}

/** The two variants, each checking it folded every event; `checked()` tells a run was checked. */
export function catchUpVariants(store: EventStore, events: number, label: string) {
  let checked = false;
  const check = (view: Totals) => {
    if (view.count !== events) throw new Error(`${label}: folded ${view.count} of ${events}`);
    checked = true;
  };
  const variants: [Variant, Variant] = [
    { name: "raw readCategory loop", run: async () => check(await rawLoop(store)) },
    { name: "projection catch-up", run: async () => check(await projectionCatchUp(store)) },
  ];
  return { variants, checked: () => checked };
}
