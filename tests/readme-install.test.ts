import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../", import.meta.url);
const readme = readFileSync(new URL("README.md", root), "utf8");
const manifest = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const known = new Set([
  manifest.name,
  ...Object.keys(manifest.dependencies ?? {}),
  ...Object.keys(manifest.devDependencies ?? {}),
  ...Object.keys(manifest.peerDependencies ?? {}),
]);

describe("README install commands", () => {
  it("name this package and only packages it depends on or supports", () => {
    const commands = [...readme.matchAll(/npm (?:install|i)\b([^\n`#&]*)/g)];
    expect(commands.length).toBeGreaterThan(3);
    const names = commands.flatMap(([, args]) =>
      (args ?? "")
        .split(/\s+/)
        .filter((word) => word && !word.startsWith("-"))
        // A version ("zod@3") is not part of the name; a scope's leading "@" is.
        .map((word) => (word.lastIndexOf("@") > 0 ? word.slice(0, word.lastIndexOf("@")) : word)),
    );
    expect(names).toContain(manifest.name);
    expect(names.filter((name) => !known.has(name))).toEqual([]);
  });
});
