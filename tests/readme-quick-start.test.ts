import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it, vi } from "vitest";

const root = new URL("../", import.meta.url);

it("runs the README's quick start as written", async () => {
  const readme = readFileSync(new URL("README.md", root), "utf8");
  const code = readme.match(/## Quick start[\s\S]*?```ts\n([\s\S]*?)```/)?.[1];
  expect(code).toBeDefined();
  const dir = fileURLToPath(new URL("node_modules/.cache/strata-readme/", root));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}quick-start-${Date.now()}.ts`;
  writeFileSync(file, code as string);
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  await import(/* @vite-ignore */ file);
  const lines = log.mock.calls.map((args) => args.join(" "));
  log.mockRestore();
  expect(lines[0]).toBe("true 1");
  expect(lines[1]).toMatch(
    /^Wrong expected version: 1 \(Stream: user-[0-9a-f-]+, Stream Version: 2\)$/,
  );
});
