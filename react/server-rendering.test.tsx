// @vitest-environment happy-dom
import { act } from "@testing-library/react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { expect, it, vi } from "vitest";
import { MemoryEventStore } from "../adapters/memory/index.js";
import type { Projection } from "../core/index.js";
import { type TodoListView, todoApp } from "./test-support/todo-fixture.js";
import { useAggregate } from "./use-aggregate.js";
import { useProjection } from "./use-projection.js";

const { todos, Todo, todoList } = todoApp(new MemoryEventStore());
type Todos = typeof todos;

function Screen({
  list,
  repository,
  id,
}: {
  list: Projection<TodoListView>;
  repository: Todos;
  id: string;
}) {
  const { data: order, status } = useProjection(list, (view) => view.order);
  const first = useAggregate(repository, id);
  return (
    <main>
      <p>
        {status} {order?.length ?? "…"}
      </p>
      <p>{first.data?.title ?? "loading"}</p>
    </main>
  );
}

it("renders on the server as pending without touching the store, and hydrates without warnings", async () => {
  const todo = Todo.add("Milk");
  await todos.add(todo);
  const list = todoList();
  const html = renderToString(<Screen list={list} repository={todos} id={todo.id} />);
  expect(html).toContain("pending");
  expect(html).toContain("loading");
  expect(list.getSnapshot().status).toBe("idle");

  const container = document.createElement("div");
  container.innerHTML = html;
  document.body.append(container);
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
  const recoverable: unknown[] = [];
  let root: ReturnType<typeof hydrateRoot> | undefined;
  await act(async () => {
    root = hydrateRoot(container, <Screen list={list} repository={todos} id={todo.id} />, {
      onRecoverableError: (error) => recoverable.push(error),
    });
  });
  await act(async () => {
    await list.waitFor();
  });
  await vi.waitFor(() => expect(container.textContent).toBe("success 1Milk"));
  expect(recoverable).toEqual([]);
  expect(errors).not.toHaveBeenCalled();
  expect(warnings).not.toHaveBeenCalled();
  errors.mockRestore();
  warnings.mockRestore();
  act(() => root?.unmount());
  await list.stop();
});
