// What `strata-es/otel` costs a command: `transact` throughput on the memory store (one event per
// command, aggregate cache on) without instrumentation, installed with no tracer provider
// registered, and installed with a real SDK tracer (BatchSpanProcessor into an exporter that drops
// the spans; then also with the AsyncLocalStorage context manager a Node app registers). For
// scale, "3 bare spans" is no instrumentation but three SDK spans per command made by hand: what
// the SDK costs by itself. Interleaved rounds in one process, the order rotated each round;
// medians and ratios. Run: node --expose-gc --import tsx bench/otel/tracing.ts
import { pathToFileURL } from "node:url";
import { context, metrics, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import { instrumentDomain } from "../../otel/index.js";

const MODES = [
  "off",
  "no provider",
  "3 bare spans",
  "SDK tracer",
  "SDK tracer + context manager",
] as const;
type Mode = (typeof MODES)[number];

/** Takes every batch and keeps only a count: the cost measured is Strata's and the SDK's. */
class DroppingExporter implements SpanExporter {
  spans = 0;
  export(spans: ReadableSpan[], done: Parameters<SpanExporter["export"]>[1]): void {
    this.spans += spans.length;
    done({ code: 0 }); // ExportResultCode.SUCCESS (@opentelemetry/core, not a dependency here)
  }
  async shutdown(): Promise<void> {}
}

/** Wall-clock throughput, and CPU time per command (the process's, so less hostage to a busy box). */
interface Run {
  commandsPerSecond: number;
  cpuMicrosPerCommand: number;
}

async function measure(mode: Mode, commands: number): Promise<Run> {
  const exporter = new DroppingExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  const meterProvider = new MeterProvider();
  if (mode !== "off" && mode !== "no provider") {
    // "3 bare spans" needs the provider for its own spans.
    trace.setGlobalTracerProvider(provider);
    metrics.setGlobalMeterProvider(meterProvider);
  }
  if (mode === "SDK tracer + context manager") {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  }
  const { identity, User, users } = identityDomain(new MemoryEventStore(), {
    logger: { warn() {} },
  });
  const bare = mode === "3 bare spans";
  const uninstall = mode === "off" || bare ? () => {} : instrumentDomain(identity);
  if (mode === "no provider" && (identity.tap.on || identity.tap.aroundTransact)) {
    throw new Error("instrumentDomain subscribed with no provider registered");
  }
  const tracer = trace.getTracer("bench");
  const user = User.register("otel@example.com");
  await users.add(user);
  (globalThis as { gc?: () => void }).gc?.();
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < commands; i++) {
    await users.transact(user.id, (u) => u.rename(`N${i % 50}`));
    if (bare) {
      const attributes = { "strata.stream": user.id, "strata.version": i };
      tracer.startSpan("transact", { attributes }).end();
      tracer.startSpan("get", { attributes }).end();
      tracer.startSpan("append", { attributes }).end();
    }
  }
  const elapsed = performance.now() - start;
  const used = process.cpuUsage(cpu);
  uninstall();
  await provider.forceFlush();
  if (mode !== "off" && mode !== "no provider" && exporter.spans < commands * 3) {
    throw new Error(`expected ${commands * 3} spans, got ${exporter.spans}`);
  }
  await provider.shutdown();
  await meterProvider.shutdown();
  trace.disable();
  metrics.disable();
  context.disable();
  return {
    commandsPerSecond: (commands / elapsed) * 1000,
    cpuMicrosPerCommand: (used.user + used.system) / commands,
  };
}

/** Medians per mode over interleaved rounds: commands/s and CPU µs per command. */
export async function runTracingBench(rounds = 7, commands = 20_000) {
  const runs = Object.fromEntries(MODES.map((m) => [m, [] as Run[]])) as Record<Mode, Run[]>;
  for (const mode of MODES) await measure(mode, 5000);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < MODES.length; k++) {
      const mode = MODES[(r + k) % MODES.length] as Mode;
      runs[mode].push(await measure(mode, commands));
    }
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;
  return Object.fromEntries(
    MODES.map((m) => [
      m,
      {
        commandsPerSecond: median(runs[m].map((r) => r.commandsPerSecond)),
        cpuMicrosPerCommand: median(runs[m].map((r) => r.cpuMicrosPerCommand)),
      },
    ]),
  ) as Record<Mode, Run>;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!("gc" in globalThis))
    console.warn("(run with node --expose-gc for a collection before each run)");
  const result = await runTracingBench();
  const off = result.off;
  for (const mode of MODES) {
    const { commandsPerSecond, cpuMicrosPerCommand } = result[mode];
    console.log(
      `${mode.padEnd(30)} ${commandsPerSecond.toFixed(0).padStart(6)} commands/s (${(commandsPerSecond / off.commandsPerSecond).toFixed(2)}x)  ${cpuMicrosPerCommand.toFixed(1).padStart(6)} µs CPU/command (${(cpuMicrosPerCommand / off.cpuMicrosPerCommand).toFixed(2)}x)`,
    );
  }
}
