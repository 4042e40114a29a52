import { renderToString } from "react-dom/server";
import { expect, it } from "vitest";
import { MemoryEventStore } from "../adapters/memory/index.js";
import * as bindings from "./index.js";
import { todoApp } from "./test-support/todo-fixture.js";

const { todos, Todo, todoList } = todoApp(new MemoryEventStore());
const list = todoList();

function Count() {
  const { status, data } = bindings.useProjection(list, (view) => view.order.length);
  const todo = bindings.useAggregate(todos, "some-id");
  const add = bindings.useCommand((title: string) => todos.add(Todo.add(title)));
  return (
    <p>
      {status} {data ?? "…"} {todo.status} {add.status}
    </p>
  );
}

it("imports and renders in plain Node (no DOM): pending data, an idle command", () => {
  expect(typeof document).toBe("undefined");
  const html = renderToString(<Count />).replaceAll("<!-- -->", "");
  expect(html).toBe("<p>pending … pending idle</p>");
  expect(list.getSnapshot().status).toBe("idle");
});
