// What the tap costs the app: command throughput (memory store, `repository.add` of one event)
// with nobody listening, and with a listener as the open panel has one. Interleaved rounds in one
// process; reports the ratio. Alone: npx tsx bench/devtools/tap.ts
import { pathToFileURL } from "node:url";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import { type Message, Tap, type TapRecord } from "../../core/index.js";
import { PanelController } from "../../devtools/model/panel-store.js";

type Mode = "off" | "listener" | "panel";

async function commandsPerSecond(mode: Mode, commands: number): Promise<number> {
  const store = new MemoryEventStore();
  const { identity, User, users } = identityDomain(store, { logger: { warn() {} } });
  const seen: TapRecord[] = [];
  let stop = () => {};
  if (mode === "listener") stop = identity.tap.subscribe((r) => seen.push(r));
  if (mode === "panel") {
    // The open panel's own model (no DOM in Node): store and tap subscriptions, frame batching.
    const panel = new PanelController([identity]);
    panel.connect();
    stop = () => panel.disconnect();
  }
  const user = User.register("tap@example.com");
  await users.add(user);
  const start = performance.now();
  for (let i = 0; i < commands; i++) {
    await users.transact(user.id, (u) => u.rename(`N${i % 50}`));
  }
  const elapsed = performance.now() - start;
  stop();
  return (commands / elapsed) * 1000;
}

/**
 * What the tap costs a command when nobody listens, which a throughput ratio cannot show (the
 * difference is far below run-to-run noise): count the tap calls and `on` reads one `transact`
 * makes, time exactly that sequence on a tap with no listener, and divide by a command's time.
 */
export async function idleTapCost(commands = 2000) {
  const store = new MemoryEventStore();
  const { identity, User, users } = identityDomain(store, { logger: { warn() {} } });
  const tap = identity.tap;
  const calls = { on: 0, start: 0, loaded: 0, commit: 0, conflict: 0, applyFailed: 0 };
  // Count through the instance: own properties shadow the prototype's methods and field.
  let on = false;
  Object.defineProperty(tap, "on", {
    get: () => {
      calls.on++;
      return on;
    },
    set: (v: boolean) => {
      on = v;
    },
    configurable: true,
  });
  for (const name of ["start", "loaded", "commit", "conflict", "applyFailed"] as const) {
    const method = Tap.prototype[name] as (...args: unknown[]) => unknown;
    Object.defineProperty(tap, name, {
      value(this: Tap, ...args: unknown[]) {
        calls[name]++;
        return method.apply(this, args);
      },
      configurable: true,
    });
  }
  const user = User.register("idle@example.com");
  await users.add(user);
  for (const key of Object.keys(calls) as (keyof typeof calls)[]) calls[key] = 0;
  const started = performance.now();
  for (let i = 0; i < commands; i++) await users.transact(user.id, (u) => u.rename(`N${i % 50}`));
  const perCommandMs = (performance.now() - started) / commands;
  const perCommand = Object.fromEntries(
    Object.entries(calls).map(([k, v]) => [k, v / commands]),
  ) as typeof calls;
  // The same calls on a plain tap with nobody listening, many times over.
  const idle = new Tap();
  const events: readonly Message[] = [];
  const rounds = 1_000_000;
  let sink = 0;
  const t = performance.now();
  for (let i = 0; i < rounds; i++) {
    for (let k = 0; k < perCommand.on; k++) if (idle.on) sink++;
    for (let k = 0; k < perCommand.start; k++) sink += idle.start();
    for (let k = 0; k < perCommand.loaded; k++) idle.loaded("user-1", "cache", events, i, 0);
  }
  const tapMs = (performance.now() - t) / rounds;
  return { perCommand, perCommandMs, tapMs, share: tapMs / perCommandMs, sink };
}

/** Median commands/s with nobody listening, a bare listener, and the panel's model connected. */
export async function runTapBench(rounds = 9, commands = 3000) {
  const runs: Record<Mode, number[]> = { off: [], listener: [], panel: [] };
  for (const mode of ["off", "listener", "panel"] as const) await commandsPerSecond(mode, 500);
  for (let r = 0; r < rounds; r++)
    for (const mode of ["off", "listener", "panel"] as const)
      runs[mode].push(await commandsPerSecond(mode, commands));
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;
  return { off: median(runs.off), on: median(runs.listener), panel: median(runs.panel) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { off, on, panel } = await runTapBench();
  const cost = (x: number) => `${((1 - x / off) * 100).toFixed(1)}%`;
  console.log(`transact, nobody listening:      ${off.toFixed(0)} commands/s`);
  console.log(`transact, a bare tap listener:   ${on.toFixed(0)} commands/s (${cost(on)})`);
  console.log(`transact, the panel's model open: ${panel.toFixed(0)} commands/s (${cost(panel)})`);
  const idle = await idleTapCost();
  console.log(
    `tap calls a transact makes with nobody listening: ${JSON.stringify(idle.perCommand)}; they take ${(idle.tapMs * 1e6).toFixed(1)} ns of a ${(idle.perCommandMs * 1e3).toFixed(1)} µs command (${(idle.share * 100).toFixed(3)}%)`,
  );
}
