import { z } from "zod";
import { Domain, defineProjection, type EventStore, type Message } from "../../core/index.js";

export interface TodoRow {
  readonly id: string;
  readonly title: string;
  readonly done: boolean;
}

export interface TodoListView {
  readonly byId: Readonly<Record<string, TodoRow>>;
  readonly order: readonly string[];
}

const emptyList: TodoListView = { byId: {}, order: [] };

const added = (view: TodoListView, data: { title: string }, m: Message): TodoListView => {
  const id = m.streamName.slice(m.streamName.indexOf("-") + 1);
  if (view.byId[id]) return view;
  return {
    byId: { ...view.byId, [id]: { id, title: data.title, done: false } },
    order: [...view.order, id],
  };
};

const changed =
  (change: (row: TodoRow, data: Record<string, unknown>) => TodoRow) =>
  (view: TodoListView, data: Record<string, unknown>, m: Message): TodoListView => {
    const id = m.streamName.slice(m.streamName.indexOf("-") + 1);
    const row = view.byId[id];
    return row ? { ...view, byId: { ...view.byId, [id]: change(row, data) } } : view;
  };

/** The todo app of the React tests and the e2e page: a Todo aggregate and a list projection. */
export function todoApp(eventStore: EventStore, options: { category?: string } = {}) {
  const domain = new Domain("todos", { eventStore });
  const TodoAdded = domain.event("TodoAdded", z.object({ title: z.string().min(1).max(80) }));
  const TodoCompleted = domain.event("TodoCompleted", z.object({}));
  const TodoRenamed = domain.event("TodoRenamed", z.object({ title: z.string().min(1).max(80) }));
  const TodoViewed = domain.event("TodoViewed", z.object({}));

  class Todo extends domain.eventSourcedAggregate(
    "Todo",
    z.object({ title: z.string(), done: z.boolean().default(false) }),
    {
      initialState: { done: false },
      ...(options.category ? { streamCategory: options.category } : {}),
    },
  ) {
    static add(title: string) {
      const todo = Todo.create({ title });
      todo.raise(TodoAdded({ title }));
      return todo;
    }
    complete() {
      this.raise(TodoCompleted({}));
    }
    rename(title: string) {
      this.raise(TodoRenamed({ title }));
    }
    view() {
      this.raise(TodoViewed({}));
    }
    static {
      this.applyEvent(TodoAdded, (todo, e) => {
        todo.title = e.title;
      });
      this.applyEvent(TodoCompleted, (todo) => {
        todo.done = true;
      });
      this.applyEvent(TodoRenamed, (todo, e) => {
        todo.title = e.title;
      });
      this.applyEvent(TodoViewed, () => {});
    }
  }

  const todos = domain.repositoryFor(Todo);
  const todoList = (name = `${Todo.streamCategory}List`, batchSize?: number) =>
    defineProjection<TodoListView>(domain, name, {
      version: 1,
      categories: [Todo.streamCategory],
      initialState: emptyList,
      pollIntervalMs: 200,
      ...(batchSize ? { batchSize } : {}),
      handlers: {
        TodoAdded: added,
        TodoCompleted: changed((row) => ({ ...row, done: true })),
        TodoRenamed: changed((row, data) => ({ ...row, title: String(data.title) })),
      },
    });
  return { domain, Todo, todos, todoList };
}
