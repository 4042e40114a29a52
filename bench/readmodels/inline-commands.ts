// Commands per second with no projection, an async one running live, and inline ones (a small
// view, and a list view of 1,000 rows that every commit appends whole), on every store in Node.
// Alone: npx tsx bench/readmodels/inline-commands.ts [--quick] [--store=memory]

import { pathToFileURL } from "node:url";
import { z } from "zod";
import {
  Domain,
  defineProjection,
  type EventStore,
  type Projection,
  uuid,
} from "../../core/index.js";
import type { Variant, Workload } from "../harness.js";
import { type BenchOptions, runModuleAlone } from "../workloads/module.js";
import { subjects } from "./catch-up.js";

type Rows = Readonly<Record<string, { readonly title: string }>>;
interface ListView {
  readonly count: number;
  readonly rows: Rows;
}

/** A list view as a screen would hold it: `rows` rows of a short title each. */
const listOf = (rows: number): ListView => ({
  count: 0,
  rows: Object.fromEntries(
    Array.from({ length: rows }, (_, i) => [`seed-${i}`, { title: `Todo ${i}` }]),
  ),
});

type Kind = "none" | "async" | "inline" | "inline-1000";

/** A fresh domain and category on `store`, with the projection `kind` names. */
function setUp(store: EventStore, kind: Kind) {
  const domain = new Domain("bench", { eventStore: store });
  const category = `todo${uuid().replaceAll("-", "").slice(0, 12)}`;
  const Added = domain.event("TodoAdded", z.object({ title: z.string() }));
  class Todo extends domain.eventSourcedAggregate("Todo", z.object({ title: z.string() }), {
    streamCategory: category,
  }) {
    static add(title: string) {
      const todo = Todo.create({ title });
      todo.raise(Added({ title }));
      return todo;
    }
    static {
      this.applyEvent(Added, (todo, e) => {
        todo.title = e.title;
      });
    }
  }
  let projection: Projection<ListView> | undefined;
  if (kind !== "none") {
    projection = defineProjection<ListView>(domain, `list${category}`, {
      version: 1,
      categories: [category],
      mode: kind === "async" ? "async" : "inline",
      initialState: listOf(kind === "inline-1000" ? 1000 : 0),
      handlers: {
        TodoAdded: (view, data: { title: string }, m) => ({
          count: view.count + 1,
          rows:
            kind === "inline" ? view.rows : { ...view.rows, [m.streamName]: { title: data.title } },
        }),
      },
    });
  }
  return { todos: domain.repositoryFor(Todo), Todo, projection };
}

type Prepared = ReturnType<typeof setUp>;

/** `commands` adds one after another; the variant checks its view counted each. */
function variants(store: EventStore, commands: number): Variant[] {
  const kinds: [Kind, string][] = [
    ["none", "no projection"],
    ["async", "async projection (live, same process)"],
    ["inline", "inline projection, a count"],
    ["inline-1000", "inline projection, list of 1,000+ rows"],
  ];
  return kinds.map(([kind, name]) => ({
    name,
    setup: async () => {
      const prepared = setUp(store, kind);
      await prepared.projection?.start();
      return prepared;
    },
    run: async (prepared) => {
      const { todos, Todo } = prepared as Prepared;
      for (let i = 0; i < commands; i++) await todos.add(Todo.add(`Todo ${i}`));
    },
    teardown: async (prepared) => {
      const { projection } = prepared as Prepared;
      if (!projection) return;
      await projection.waitFor();
      const count = projection.getSnapshot().view?.count;
      await projection.stop();
      if (count !== commands) throw new Error(`${name}: counted ${count} of ${commands}`);
    },
  }));
}

export async function inlineCommandWorkloads(options: BenchOptions): Promise<Workload[]> {
  const only = process.argv.find((a) => a.startsWith("--store="))?.slice("--store=".length);
  const workloads: Workload[] = [];
  for (const subject of subjects(options)) {
    if (only && !subject.name.includes(only)) continue;
    const { store, dispose } = await subject.open();
    const slow = subject.name.includes("MessageDB");
    const commands = options.quick || slow ? 100 : 200;
    workloads.push({
      name: `${commands} commands (add), ${subject.name}`,
      baseline: "no projection",
      rounds: options.quick ? 3 : 5,
      warmupRounds: 1,
      variants: variants(store, commands),
      dispose: () => dispose(),
    });
  }
  return workloads;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runModuleAlone(inlineCommandWorkloads);
}
