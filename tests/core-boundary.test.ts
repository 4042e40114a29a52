import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const coreDir = fileURLToPath(new URL("../core/", import.meta.url));
const sources = readdirSync(coreDir, { recursive: true, encoding: "utf8" }).filter(
  (f) => f.endsWith(".ts") && !f.endsWith(".test.ts"),
);
const importPattern =
  /(?:import|export)[^"']*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

describe("core/ stays runtime-agnostic", () => {
  it("imports only its own files and type-only Standard Schema", () => {
    const offenders: string[] = [];
    for (const file of sources) {
      // Doc comments show imports of the published package; only code counts.
      const text = readFileSync(`${coreDir}${file}`, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "");
      for (const match of text.matchAll(importPattern)) {
        const specifier = match[1] ?? match[2] ?? "";
        if (specifier.startsWith("./") || specifier.startsWith("../")) {
          if (specifier.startsWith("../")) offenders.push(`${file}: ${specifier} leaves core/`);
          continue;
        }
        if (specifier === "@standard-schema/spec" && /import type|export type/.test(match[0]))
          continue;
        offenders.push(`${file}: ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("bundles for the browser with no externals and no Node, DOM-only or library globals", async () => {
    const result = await build({
      entryPoints: [`${coreDir}index.ts`],
      bundle: true,
      platform: "neutral",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0]?.text ?? "";
    for (const global of ["process.", "require(", "Buffer", "window.", "document.", "indexedDB"]) {
      expect(code, global).not.toContain(global);
    }
  });
});
