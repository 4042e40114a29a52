/**
 * What a browser app downloads for each library's quick start: the same imports bundled by esbuild
 * (minified, ESM, code splitting), then the entry and every chunk it imports statically, each
 * gzipped (level 9) and summed. Chunks loaded only by a dynamic `import()` (Strata's MD5 for
 * consumer groups) are reported apart. Strata is bundled from source, so no build is needed;
 * `npm run size` checks the built files against the budgets.
 * Run alone: `npx tsx bench/bundle-size.ts`.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));

interface Contender {
  name: string;
  /** The module an app writes: the library's quick-start imports, kept alive. */
  source: string;
}

const CONTENDERS: Contender[] = [
  {
    name: "Strata core + memory store (Domain, ExpectedVersionError, MemoryEventStore)",
    source: `import { Domain, ExpectedVersionError } from "${root}core/index.ts";
import { MemoryEventStore } from "${root}adapters/memory/index.ts";
export { Domain, ExpectedVersionError, MemoryEventStore };`,
  },
  {
    name: "Strata core + memory store + a projection (defineProjection, categoryIds)",
    source: `import { Domain, ExpectedVersionError, defineProjection, categoryIds } from "${root}core/index.ts";
import { MemoryEventStore } from "${root}adapters/memory/index.ts";
export { Domain, ExpectedVersionError, MemoryEventStore, defineProjection, categoryIds };`,
  },
  {
    name: "Castore 2.4 core + in-memory adapter (EventStore, EventType, Command, tuple, InMemoryEventStorageAdapter)",
    source: `import { Command, EventStore, EventType, tuple } from "@castore/core";
import { InMemoryEventStorageAdapter } from "@castore/event-storage-adapter-in-memory";
export { Command, EventStore, EventType, tuple, InMemoryEventStorageAdapter };`,
  },
  {
    name: "Emmett 0.42 (CommandHandler, getInMemoryEventStore)",
    source: `import { CommandHandler, getInMemoryEventStore } from "@event-driven-io/emmett";
export { CommandHandler, getInMemoryEventStore };`,
  },
];

export interface BundleSize {
  name: string;
  /** Entry plus statically imported chunks, minified and gzipped, in bytes. */
  eagerGzip: number;
  /** Chunks only dynamic imports load, in bytes (gzipped). */
  lazyGzip: number;
}

async function measure(contender: Contender, dir: string): Promise<BundleSize> {
  const outdir = join(dir, "out");
  const result = await build({
    // Resolved from the repository, where the peers are installed.
    stdin: { contents: contender.source, resolveDir: root, sourcefile: "app.js" },
    bundle: true,
    minify: true,
    format: "esm",
    splitting: true,
    platform: "browser",
    outdir,
    metafile: true,
    write: true,
    logLevel: "error",
    absWorkingDir: root,
  });
  const outputs = result.metafile.outputs;
  const entryOut = Object.keys(outputs).find((o) => outputs[o]?.entryPoint !== undefined);
  const eager = new Set<string>();
  const visit = (file: string) => {
    if (eager.has(file)) return;
    eager.add(file);
    for (const i of outputs[file]?.imports ?? []) if (i.kind === "import-statement") visit(i.path);
  };
  if (entryOut) visit(entryOut);
  let eagerGzip = 0;
  let lazyGzip = 0;
  for (const file of Object.keys(outputs)) {
    if (!file.endsWith(".js")) continue;
    const size = gzipSync(readFileSync(join(root, file)), { level: 9 }).length;
    if (eager.has(file)) eagerGzip += size;
    else lazyGzip += size;
  }
  rmSync(outdir, { recursive: true, force: true });
  return { name: contender.name, eagerGzip, lazyGzip };
}

/** Bundles every contender and returns their sizes, Strata's first. */
export async function measureBundleSizes(): Promise<BundleSize[]> {
  const dir = mkdtempSync(join(tmpdir(), "strata-bundle-"));
  try {
    const sizes: BundleSize[] = [];
    for (const contender of CONTENDERS) sizes.push(await measure(contender, dir));
    return sizes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** One note line per contender, with its ratio to Strata's quick start. */
export function bundleSizeNotes(sizes: BundleSize[]): string[] {
  const strata = sizes[0]?.eagerGzip ?? 1;
  return sizes.map(
    (s) =>
      `bundle size: ${s.name}: ${kB(s.eagerGzip)} minified+gzipped${s.lazyGzip ? ` (+ ${kB(s.lazyGzip)} loaded on demand)` : ""}; Strata quick start / this: ${(strata / s.eagerGzip).toFixed(2)}x`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(bundleSizeNotes(await measureBundleSizes()).join("\n"));
}
