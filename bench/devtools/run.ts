// Measures the devtools panel in Chromium: Vite serves bench/devtools/page, Playwright drives it.
// Alone: npx tsx bench/devtools/run.ts
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { withServedChromium } from "../chromium-session.js";
import { descendantCpuMs } from "../process-tree-cpu.js";
import type { Metrics } from "./page/main.js";

/**
 * Runs the panel's measurements (first paint and scrolling of a 10,000-event stream, row nodes,
 * scrubbing, filtering 1,000 streams, live latency, text search over 100,000 events).
 *
 * @example
 * console.table(await runDevtoolsBench());
 */
export async function runDevtoolsBench(): Promise<Metrics> {
  const reactMode = process.env.BENCH_REACT === "production" ? "production" : "development";
  const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
  return withServedChromium(
    here("./page"),
    async ({ browser, url }) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.on("console", (m) => process.env.BENCH_DEBUG && console.log(m.text()));
      // The tap rounds read the CPU time of all of Chromium's processes at their ends.
      await page.exposeFunction("browserCpuMs", () => descendantCpuMs(/chrom/i) ?? {});
      const query = new URLSearchParams();
      if (process.env.BENCH_ONLY) query.set("only", process.env.BENCH_ONLY);
      if (process.env.BENCH_DEBUG) query.set("debug", "1");
      if (process.env.BENCH_TAP_VARIANT) query.set("tapVariant", process.env.BENCH_TAP_VARIANT);
      if (process.env.BENCH_TAP_PAIRS) query.set("pairs", process.env.BENCH_TAP_PAIRS);
      await page.goto(`${url}?${query}`);
      await page.waitForSelector("body[data-ready=true]", { state: "attached", timeout: 60_000 });
      if (process.env.BENCH_TRACE) {
        // Debugging aid: where the renderer's main thread spends its time, by trace event name.
        await browser.startTracing(undefined, {
          categories: (process.env.BENCH_TRACE_CATEGORIES ?? "devtools.timeline,blink,v8").split(
            ",",
          ),
        });
        const metrics = await page.evaluate(() => window.runDevtoolsBench());
        const raw = (await browser.stopTracing()).toString();
        if (process.env.BENCH_TRACE_FILE) writeFileSync(process.env.BENCH_TRACE_FILE, raw);
        const trace = JSON.parse(raw) as {
          traceEvents: { name: string; ph: string; dur?: number; tid: number; pid: number }[];
        };
        const main = trace.traceEvents.find(
          (e) =>
            e.name === "thread_name" &&
            (e as unknown as { args: { name: string } }).args.name === "CrRendererMain",
        );
        const total = new Map<string, number>();
        for (const e of trace.traceEvents)
          if (main && e.tid === main.tid && e.pid === main.pid && e.ph === "X" && e.dur)
            total.set(e.name, (total.get(e.name) ?? 0) + e.dur / 1000);
        for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 20))
          console.log(v.toFixed(1).padStart(8), k);
        return metrics;
      }
      if (!process.env.BENCH_PROFILE) return page.evaluate(() => window.runDevtoolsBench());
      // Debugging aid: the page calls console.profile around a phase; print its hottest functions.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
      cdp.on("Profiler.consoleProfileFinished", ({ profile }) => {
        const self = new Map<string, number>();
        const dt = new Map<number, number>();
        profile.samples?.forEach((id, i) => {
          dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0));
        });
        for (const node of profile.nodes) {
          const f = node.callFrame;
          const key = `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
          self.set(key, (self.get(key) ?? 0) + (dt.get(node.id) ?? 0) / 1000);
        }
        for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
          console.log(v.toFixed(1).padStart(8), k);
      });
      return page.evaluate(() => window.runDevtoolsBench());
    },
    {
      // Its own dependency cache: node_modules/.vite may be shared with other Vite servers.
      cacheDir: join(tmpdir(), `strata-devtools-bench-vite-${reactMode}`),
      // React's development build by default: the panel runs in apps being debugged.
      mode: reactMode,
      define: { "process.env.NODE_ENV": JSON.stringify(reactMode) },
      optimizeDeps: {
        include: ["react", "react-dom/client", "zustand"],
      },
      resolve: { alias: [{ find: /^strata-es$/, replacement: here("../../core/index.ts") }] },
    },
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const metrics = await runDevtoolsBench();
  for (const [name, value] of Object.entries(metrics))
    console.log(`${name.padEnd(72)} ${Number.isInteger(value) ? value : value.toFixed(1)}`);
}
