// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { memo, Profiler, Suspense } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryEventStore } from "../adapters/memory/index.js";
import { defineProjection, type EventStore, type Projection } from "../core/index.js";
import { type TodoListView, todoApp } from "./test-support/todo-fixture.js";
import { useProjection, useSuspenseProjection } from "./use-projection.js";
import { useProjectionStatus } from "./use-projection-status.js";

const renders = new Map<string, number>();
const count = (id: string) => {
  renders.set(id, (renders.get(id) ?? 0) + 1);
};
const rendersOf = (id: string) => renders.get(id) ?? 0;
const snapshotOfRenders = () => new Map(renders);
const started: Projection<TodoListView>[] = [];

afterEach(async () => {
  cleanup();
  renders.clear();
  for (const p of started.splice(0)) await p.stop();
});

const Row = memo(function Row({ list, id }: { list: Projection<TodoListView>; id: string }) {
  const { data: row } = useProjection(list, (view) => view.byId[id]);
  return (
    <Profiler id={`row:${id}`} onRender={(profilerId) => count(profilerId)}>
      <li data-testid={`row-${id}`}>
        {row?.title}
        {row?.done ? " (done)" : ""}
      </li>
    </Profiler>
  );
});

function List({ list }: { list: Projection<TodoListView> }) {
  const { data: order, status } = useProjection(list, (view) => view.order);
  // Counted in the body: a Profiler here would also report its rows' renders.
  count("list");
  return (
    <>
      <p data-testid="status">{status}</p>
      <ul>
        {order?.map((id) => (
          <Row key={id} list={list} id={id} />
        ))}
      </ul>
    </>
  );
}

function Titles({ list, seen }: { list: Projection<TodoListView>; seen: unknown[] }) {
  const { data } = useProjection(
    list,
    (view) => view.order.map((id) => view.byId[id]?.title),
    (x, y) => x.length === y.length && x.every((t, i) => t === y[i]),
  );
  seen.push(data);
  return <p>{data?.join(",")}</p>;
}

function Count({ projection }: { projection: Projection<number> }) {
  const { status, error, data } = useProjection(projection);
  return (
    <p>
      {status} {String(data)} {error?.message.includes("TodoCompleted") ? "named" : ""}
    </p>
  );
}

function SuspendedCount({ list, sizes }: { list: Projection<TodoListView>; sizes: number[] }) {
  const { data } = useSuspenseProjection(list, (view) => view.order.length);
  sizes.push(data);
  return <p>{data} todos</p>;
}

const refuse = (): number => {
  throw new Error("cannot count");
};

async function app(batchSize?: number) {
  const store = new MemoryEventStore();
  const parts = todoApp(store);
  const list = parts.todoList(undefined, batchSize);
  started.push(list);
  return { store, list, ...parts };
}

describe("useProjection", () => {
  it("renders the list, then nothing for an unrelated event, and only the changed row", async () => {
    const { list, todos, Todo } = await app();
    const [a, b, c] = ["Milk", "Eggs", "Bread"].map((t) => Todo.add(t));
    for (const todo of [a, b, c]) if (todo) await todos.add(todo);
    render(<List list={list} />);
    await screen.findByText("Bread");
    expect(screen.getByTestId("status").textContent).toBe("success");

    const before = snapshotOfRenders();
    // An event the projection has no handler for: read, skipped, no new data, no render.
    await act(async () => {
      await todos.transact(a?.id as string, (todo) => todo.view());
      await list.waitFor();
    });
    expect(snapshotOfRenders()).toEqual(before);

    // One todo completes: its row re-renders, the list and the other rows do not.
    await act(async () => {
      await todos.transact(b?.id as string, (todo) => todo.complete());
      await list.waitFor();
    });
    expect(screen.getByTestId(`row-${b?.id}`).textContent).toBe("Eggs (done)");
    expect(rendersOf(`row:${b?.id}`)).toBe((before.get(`row:${b?.id}`) ?? 0) + 1);
    expect(rendersOf(`row:${a?.id}`)).toBe(before.get(`row:${a?.id}`));
    expect(rendersOf(`row:${c?.id}`)).toBe(before.get(`row:${c?.id}`));
    expect(rendersOf("list")).toBe(before.get("list"));
  });

  it("renders at most once per batch while catching up", async () => {
    const { list, todos, Todo } = await app(10);
    for (let i = 0; i < 50; i++) await todos.add(Todo.add(`Todo ${i}`));
    render(<List list={list} />);
    await act(async () => {
      await list.waitFor();
    });
    expect(screen.getAllByRole("listitem")).toHaveLength(50);
    // 5 batches of 10, plus the pending and the first (empty) view: never one per event.
    expect(rendersOf("list")).toBeLessThanOrEqual(5 + 2);
  });

  it("keeps data referentially stable across renders with an inline selector", async () => {
    const { list, todos, Todo } = await app();
    await todos.add(Todo.add("Milk"));
    const seen: unknown[] = [];
    const { rerender } = render(<Titles list={list} seen={seen} />);
    await screen.findByText("Milk");
    rerender(<Titles list={list} seen={seen} />);
    rerender(<Titles list={list} seen={seen} />);
    const last = seen.slice(-3);
    expect(last[0]).toBe(last[1]);
    expect(last[1]).toBe(last[2]);
  });

  it("reports a paused projection as an error with the last data, and throws it when asked", async () => {
    const store = new MemoryEventStore();
    const { domain, todos, Todo } = todoApp(store);
    const failing = defineProjection<number>(domain, "failing", {
      version: 1,
      categories: [Todo.streamCategory],
      initialState: 0,
      retry: { attempts: 1 },
      handlers: { TodoCompleted: refuse },
    });
    started.push(failing as unknown as Projection<TodoListView>);
    const todo = Todo.add("Milk");
    await todos.add(todo);
    render(<Count projection={failing} />);
    await screen.findByText("success 0");
    await act(async () => {
      await todos.transact(todo.id, (t) => t.complete());
      await failing.waitFor().catch(() => {});
    });
    await screen.findByText("error 0 named");
  });
});

function RebuildLine({ projection, seen }: { projection: Projection<unknown>; seen: string[] }) {
  const { status, rebuild } = useProjectionStatus(projection);
  const { data } = useProjection(projection);
  const line = `${status} ${rebuild ? `${rebuild.done}/${rebuild.total}` : "-"} ${JSON.stringify(data)}`;
  seen.push(line);
  return <p>{line}</p>;
}

const countV1 = (n: number) => n + 1;
const countV2 = (n: number) => n + 10;

describe("useProjectionStatus", () => {
  it("shows a rebuild's progress while the old view is still the data", async () => {
    const store = new MemoryEventStore();
    const { domain, todos, Todo } = todoApp(store);
    for (let i = 0; i < 12; i++) await todos.add(Todo.add(`T${i}`));
    const options = { categories: [Todo.streamCategory], initialState: 0, batchSize: 4 };
    const v1 = defineProjection<number>(domain, "counter", {
      ...options,
      version: 1,
      handlers: { TodoAdded: countV1 },
    });
    await v1.start();
    await v1.stop();
    const v2 = defineProjection<number>(domain, "counter", {
      ...options,
      version: 2,
      handlers: { TodoAdded: countV2 },
    });
    started.push(v2 as unknown as Projection<TodoListView>);
    const seen: string[] = [];
    render(<RebuildLine projection={v2 as Projection<unknown>} seen={seen} />);
    await screen.findByText("live - 120");
    const rebuilding = seen.filter((line) => line.startsWith("rebuilding"));
    expect(rebuilding.length).toBeGreaterThan(0);
    // The old view (12) is the data until the swap; progress climbs to 12 of 12.
    for (const line of rebuilding) expect(line).toMatch(/^rebuilding \d+\/12 12$/);
  });
});

describe("a tab that becomes visible", () => {
  it("reads at once what it did not hear about (a store that cannot notify, a long poll)", async () => {
    const memory = new MemoryEventStore();
    // A store whose notifications never arrive, as a throttled hidden tab may miss them.
    const deaf: EventStore = {
      append: (s) => memory.append(s),
      readStream: (n, o) => memory.readStream(n, o),
      readCategory: (c, o) => memory.readCategory(c, o),
      lastMessage: (n, o) => memory.lastMessage(n, o),
      streamVersion: (n) => memory.streamVersion(n),
      subscribe: () => () => {},
      close: () => memory.close(),
    };
    const { domain, todos, Todo } = todoApp(deaf);
    const list = defineProjection<TodoListView>(domain, "hiddenList", {
      version: 1,
      categories: [Todo.streamCategory],
      initialState: { byId: {}, order: [] },
      pollIntervalMs: 60_000,
      handlers: {
        TodoAdded: (view, data: { title: string }, m) => ({
          byId: {
            ...view.byId,
            [m.streamName]: { id: m.streamName, title: data.title, done: false },
          },
          order: [...view.order, m.streamName],
        }),
      },
    });
    started.push(list);
    render(<List list={list} />);
    await screen.findByText("success");
    await todos.add(Todo.add("Written while hidden"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByText("Written while hidden")).toBeNull();
    Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
    act(() => {
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await screen.findByText("Written while hidden");
  });
});

describe("useSuspenseProjection", () => {
  it("suspends until caught up, then always has data", async () => {
    const { list, todos, Todo } = await app(5);
    for (let i = 0; i < 12; i++) await todos.add(Todo.add(`T${i}`));
    const sizes: number[] = [];
    render(
      <Suspense fallback={<p>loading</p>}>
        <SuspendedCount list={list} sizes={sizes} />
      </Suspense>,
    );
    expect(screen.getByText("loading")).toBeDefined();
    await waitFor(() => expect(screen.getByText("12 todos")).toBeDefined());
    // Never a partial count: it rendered only once caught up.
    expect(new Set(sizes)).toEqual(new Set([12]));
  });
});
