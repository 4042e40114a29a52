// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { Component, type ReactNode, Suspense } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryEventStore } from "../adapters/memory/index.js";
import { ObjectNotFoundError } from "../core/index.js";
import { todoApp } from "./test-support/todo-fixture.js";
import { useAggregate, useSuspenseAggregate } from "./use-aggregate.js";
import { useCommand } from "./use-command.js";

afterEach(cleanup);

const { todos, Todo } = todoApp(new MemoryEventStore());
type Todos = typeof todos;

function TodoTitle({
  repository,
  id,
  throwOnError = false,
}: {
  repository: Todos;
  id: string;
  throwOnError?: boolean;
}) {
  const { data, status, error } = useAggregate(repository, id, { throwOnError });
  return (
    <p data-testid="todo">
      {status}:{data?.title ?? ""}:{data?.done ? "done" : "open"}:{error?.name ?? ""}
    </p>
  );
}

function Probe({ id, seen }: { id: string; seen: Set<unknown> }) {
  const result = useAggregate(todos, id);
  seen.add(result.data);
  return <TodoTitle repository={todos} id={id} />;
}

class Boundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? <p>caught {this.state.error.name}</p> : this.props.children;
  }
}

function SuspendedTitle({ id }: { id: string }) {
  const { data } = useSuspenseAggregate(todos, id);
  return <p>{data.title}</p>;
}

function RenameForm({ id, seen }: { id: string; seen: Set<unknown> }) {
  const rename = useCommand((title: string) => todos.transact(id, (todo) => todo.rename(title)));
  const stale = useCommand(async (title: string) => {
    const copy = await todos.get(id);
    await todos.transact(id, (todo) => todo.rename(`${title} first`));
    copy.rename(title);
    await todos.add(copy);
  });
  seen.add(rename.mutate);
  return (
    <div>
      <p data-testid="rename">
        {rename.status}|{rename.issues.map((i) => `${i.path}: ${i.message}`).join(";")}
      </p>
      <p data-testid="stale">
        {stale.status}|{stale.isConflict ? "conflict" : ""}
      </p>
      <button type="button" onClick={() => rename.mutate("")}>
        empty
      </button>
      <button type="button" onClick={() => rename.mutate("Oat milk")}>
        good
      </button>
      <button type="button" onClick={() => stale.mutate("late")}>
        stale
      </button>
      <button type="button" onClick={rename.reset}>
        reset
      </button>
    </div>
  );
}

describe("useAggregate", () => {
  it("loads, then follows changes to its stream with a new object only when the version moves", async () => {
    const todo = Todo.add("Milk");
    await todos.add(todo);
    const seen = new Set<unknown>();
    render(<Probe id={todo.id} seen={seen} />);
    expect(screen.getByTestId("todo").textContent).toBe("pending::open:");
    await screen.findByText("success:Milk:open:");
    await act(async () => {
      await todos.transact(todo.id, (t) => t.complete());
    });
    await screen.findByText("success:Milk:done:");
    // An unrelated todo changes: same data object as before.
    const sizeBefore = seen.size;
    await act(async () => {
      await todos.add(Todo.add("Other"));
    });
    expect(seen.size).toBe(sizeBefore);
  });

  it("reports an id with no events as ObjectNotFoundError, or throws it to a boundary", async () => {
    render(<TodoTitle repository={todos} id="missing" />);
    await screen.findByText(`error::open:${ObjectNotFoundError.name}`);
    cleanup();
    // React logs the error it hands to the boundary; that is expected here.
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    render(
      <Boundary>
        <TodoTitle repository={todos} id="missing" throwOnError />
      </Boundary>,
    );
    await screen.findByText(`caught ${ObjectNotFoundError.name}`);
    logged.mockRestore();
  });

  it("suspends until loaded with useSuspenseAggregate", async () => {
    const todo = Todo.add("Bread");
    await todos.add(todo);
    render(
      <Suspense fallback={<p>loading</p>}>
        <SuspendedTitle id={todo.id} />
      </Suspense>,
    );
    expect(screen.getByText("loading")).toBeDefined();
    await screen.findByText("Bread");
  });
});

describe("useCommand", () => {
  it("shows ValidationError issues and ExpectedVersionError as a conflict, resets, and succeeds", async () => {
    const todo = Todo.add("Milk");
    await todos.add(todo);
    const seen = new Set<unknown>();
    render(<RenameForm id={todo.id} seen={seen} />);
    expect(screen.getByTestId("rename").textContent).toBe("idle|");

    act(() => screen.getByText("empty").click());
    await waitFor(() =>
      expect(screen.getByTestId("rename").textContent).toMatch(/^error\|title: /),
    );

    act(() => screen.getByText("reset").click());
    expect(screen.getByTestId("rename").textContent).toBe("idle|");

    act(() => screen.getByText("stale").click());
    await waitFor(() => expect(screen.getByTestId("stale").textContent).toBe("error|conflict"));

    act(() => screen.getByText("good").click());
    await waitFor(() => expect(screen.getByTestId("rename").textContent).toBe("success|"));
    expect((await todos.get(todo.id)).title).toBe("Oat milk");
    // mutate keeps its identity across renders (safe in effect dependencies and memo props).
    expect(seen.size).toBe(1);
  });
});
