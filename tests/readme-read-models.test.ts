// @vitest-environment happy-dom
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { type ComponentType, createElement } from "react";
import { afterAll, expect, it, vi } from "vitest";

// Paths, not URLs: under happy-dom, URL is the DOM's class, which node:fs does not take.
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

interface ReadmeModule {
  TodoScreen: ComponentType;
  TodoTitle: ComponentType<{ id: string }>;
  todoList: { waitFor(): Promise<void>; stop(): Promise<void> };
  todoIds?: never;
}

afterAll(cleanup);

it("runs the README's read model and renders its React list screen", async () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const model = readme.match(/## Read models[\s\S]*?```ts\n([\s\S]*?)```/)?.[1];
  const screenCode = readme.match(/## React[\s\S]*?```tsx\n([\s\S]*?)```/)?.[1];
  expect(model).toBeDefined();
  expect(screenCode).toBeDefined();
  // Inside the project (git-ignored), so Vite transforms the TSX and resolves react and zod.
  const dir = join(root, "test-results/readme/");
  mkdirSync(dir, { recursive: true });
  const file = `${dir}read-models-${Date.now()}.tsx`;
  writeFileSync(file, `${model}\n${screenCode}`);

  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const app = (await import(/* @vite-ignore */ file)) as ReadmeModule;
  const lines = log.mock.calls.map((args) => args.join(" "));
  log.mockRestore();
  expect(lines).toEqual(["Milk (done), Eggs", "2"]);

  render(createElement(app.TodoScreen));
  await screen.findByText("Eggs");
  expect(screen.getByText("Milk").tagName).toBe("S");

  // Adding through the form re-renders the list; an empty title shows the schema's issue.
  fireEvent.change(screen.getByLabelText("Title"), { target: { value: "Bread" } });
  fireEvent.click(screen.getByText("Add"));
  await screen.findByText("Bread");
  fireEvent.click(screen.getByText("Add"));
  expect((await screen.findByRole("alert")).textContent).toMatch(/^title: /);

  // Completing a todo from its row.
  const buttons = screen.getAllByText("Done");
  expect(buttons).toHaveLength(2);
  await act(async () => {
    buttons[0]?.click();
    await app.todoList.waitFor();
  });
  await vi.waitFor(() => expect(screen.getAllByText("Done")).toHaveLength(1));
  await app.todoList.stop();
});
