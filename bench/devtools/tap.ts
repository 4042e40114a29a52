// What the tap costs the app: CPU per command (memory store, `transact` of one event) with nobody
// listening, with a bare listener, and with the open panel's model listening. Interleaved runs
// in one process; reports the ratios. Alone: npx tsx bench/devtools/tap.ts
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import { type Message, Tap, type TapRecord } from "../../core/index.js";
import { PanelController } from "../../devtools/model/panel-store.js";

type Mode = "off" | "listener" | "panel";

/**
 * Microseconds of CPU (this process, user + system) per command, over a run of `seconds` of
 * commands. CPU time rather than wall time: on a shared box the wall clock counts other processes'
 * turns. A run lasts seconds, not a fixed count, because the open panel applies what it heard once
 * a second while the app writes in bulk: a short run would leave that work out. Every 100
 * commands the loop lets timers run, as an app's event loop does between user actions.
 */
async function cpuPerCommand(mode: Mode, seconds: number): Promise<number> {
  const store = new MemoryEventStore();
  const { identity, User, users } = identityDomain(store, { logger: { warn() {} } });
  let heard = 0;
  let stop = () => {};
  if (mode === "listener")
    stop = identity.tap.subscribe(() => {
      heard++;
    });
  if (mode === "panel") {
    // The open panel's own model (no DOM in Node): store and tap subscriptions, frame batching.
    const panel = new PanelController([identity]);
    panel.connect();
    stop = () => panel.disconnect();
    // Opening the panel (its first read of the store) is a one-time cost, not the tap's: measure
    // commands once it is live.
    while (panel.store.getState().loading) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const user = User.register("tap@example.com");
  await users.add(user);
  // Start each run with the previous run's garbage collected, so no mode pays for another's.
  collectGarbage();
  const endAt = performance.now() + seconds * 1000;
  const start = process.cpuUsage();
  let commands = 0;
  while (commands % 100 !== 0 || performance.now() < endAt) {
    await users.transact(user.id, (u) => u.rename(`N${commands % 50}`));
    if (++commands % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const used = process.cpuUsage(start);
  stop();
  if (mode === "listener" && heard === 0) throw new Error("the listener heard nothing");
  return (used.user + used.system) / commands;
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

/**
 * What listening costs a command while the panel is open, attributed instead of read off a
 * throughput ratio (ratios of whole runs swing by ±20% on a shared box, far more than the cost):
 * - the core's side: the tap calls a `transact` makes (`start`, `loaded`, `commit`) timed a
 *   hundred thousand times on a tap with a no-op listener, minus the same calls with none;
 * - the panel's side: the panel's own store and tap listeners, handed what one `transact` hands
 *   them (a fresh message each time), `perFrame` commands a frame, then its frame flush; the
 *   median frame of 300 (a frame is short, so few of them are interrupted by other processes).
 * Both in microseconds a command, to set beside a command's CPU time.
 */
export async function openPanelTapCost(
  perCommand: { start: number; loaded: number },
  perFrame: number,
  frames = 300,
) {
  const store = new MemoryEventStore();
  const { identity, User, users } = identityDomain(store, { logger: { warn() {} } });
  let hear: (messages: readonly Message[]) => void = () => {};
  let tell: (record: TapRecord) => void = () => {};
  let frame: () => void = () => {};
  const subscribeStore = store.subscribe.bind(store);
  store.subscribe = (listener) => {
    hear = listener;
    return subscribeStore(listener);
  };
  const subscribeTap = identity.tap.subscribe.bind(identity.tap);
  identity.tap.subscribe = (listener) => {
    tell = listener;
    return subscribeTap(listener);
  };
  const globals = globalThis as { requestAnimationFrame?: unknown; cancelAnimationFrame?: unknown };
  globals.requestAnimationFrame = (run: () => void) => {
    frame = run;
    return 1;
  };
  globals.cancelAnimationFrame = () => {};
  const panel = new PanelController([identity]);
  panel.connect();
  await new Promise((resolve) => setTimeout(resolve, 20));
  frame();
  // What one transact hands the listeners: the stored message, then the commit and its load.
  const user = User.register("attributed@example.com");
  await users.add(user);
  const handed: [string, unknown][] = [];
  const record = identity.tap.subscribe((r) => handed.push(["tap", r]));
  const recordStore = store.subscribe((m) => handed.push(["store", m]));
  await users.transact(user.id, (u) => u.rename("Ada"));
  record();
  recordStore();
  const batch = handed.find(([kind]) => kind === "store");
  if (!batch) throw new Error("the store reported no message for a transact");
  const stored = (batch[1] as Message[])[0] as Message;
  const records = handed.filter(([kind]) => kind === "tap").map(([, r]) => r as TapRecord);
  frame();
  let position = stored.globalPosition;
  const timings: number[] = [];
  for (let f = 0; f < frames; f++) {
    const batches = Array.from({ length: perFrame }, () => [
      { ...stored, id: `${stored.id}-${position}`, globalPosition: ++position },
    ]);
    const t = performance.now();
    for (const batch of batches) {
      hear(batch);
      for (const r of records) tell(r);
    }
    frame();
    timings.push(((performance.now() - t) * 1000) / perFrame);
  }
  panel.disconnect();
  delete globals.requestAnimationFrame;
  delete globals.cancelAnimationFrame;
  return { coreUs: coreListenerCost(perCommand), panelUs: median(timings) };
}

/**
 * Microseconds the tap calls of one `transact` (`perCommand`, as counted by `idleTapCost`, plus its
 * commit) take with a no-op listener, beyond what they take with none.
 */
function coreListenerCost(perCommand: { start: number; loaded: number }): number {
  const appends = [
    {
      streamName: "user-1",
      expectedVersion: 3,
      messages: [{ id: "m", type: "Renamed", data: { firstName: "N" } }],
    },
  ];
  const results = [{ streamName: "user-1", position: 4, globalPosition: 9 }];
  const run = (tap: Tap) => {
    const t = performance.now();
    for (let i = 0; i < 100_000; i++) {
      let started = 0;
      for (let k = 0; k < perCommand.start; k++) started = tap.start();
      for (let k = 0; k < perCommand.loaded; k++) tap.loaded("user-1", "cache", [], i, started);
      if (tap.on) tap.commit("transact", appends, results, started, undefined);
    }
    return ((performance.now() - t) * 1000) / 100_000;
  };
  const idle = new Tap();
  const listening = new Tap();
  listening.subscribe(() => {});
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 7; r++) best = Math.min(best, run(listening) - run(idle));
  return Math.max(0, best);
}

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;

/**
 * CPU per command with nobody listening, a bare listener, and the panel's model connected, in
 * interleaved runs of `seconds` each.
 */
export async function runTapBench(rounds = 5, seconds = 3) {
  const runs: Record<Mode, number[]> = { off: [], listener: [], panel: [] };
  for (const mode of ["off", "listener", "panel"] as const) await cpuPerCommand(mode, 0.5);
  const modes = ["off", "listener", "panel"] as const;
  // Each round starts with another mode, so no mode always runs after the same one.
  for (let r = 0; r < rounds; r++)
    for (let k = 0; k < modes.length; k++) {
      const mode = modes[(r + k) % modes.length] as Mode;
      runs[mode].push(await cpuPerCommand(mode, seconds));
    }
  // Noise on a shared box only ever adds time, so each mode's fastest run is its best estimate;
  // the median of each round's ratio is printed beside it.
  const best = (mode: Mode) => Math.min(...runs[mode]) / Math.min(...runs.off) - 1;
  const paired = (mode: Mode) => median(runs[mode].map((v, i) => v / (runs.off[i] as number) - 1));
  return {
    offUs: Math.min(...runs.off),
    listenerUs: Math.min(...runs.listener),
    panelUs: Math.min(...runs.panel),
    listenerCost: best("listener"),
    panelCost: best("panel"),
    listenerPaired: paired("listener"),
    panelPaired: paired("panel"),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runTapBench();
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const cost = (x: number, y: number) => `+${pct(x)}; median of rounds +${pct(y)}`;
  console.log(
    `transact, nobody listening:       ${r.offUs.toFixed(1)} µs CPU a command (fastest run)`,
  );
  console.log(
    `transact, a bare tap listener:    ${r.listenerUs.toFixed(1)} µs (${cost(r.listenerCost, r.listenerPaired)})`,
  );
  console.log(
    `transact, the panel's model open: ${r.panelUs.toFixed(1)} µs (${cost(r.panelCost, r.panelPaired)})`,
  );
  const idle = await idleTapCost();
  // The panel flushes once a frame: as many commands as run in 16 ms go into one.
  const perFrame = Math.round(16_000 / r.offUs);
  const open = await openPanelTapCost(idle.perCommand, perFrame);
  const share = (open.coreUs + open.panelUs) / r.offUs;
  console.log(
    `attributed, panel open: core tap ${(open.coreUs * 1000).toFixed(0)} ns + the panel's listeners and frame flush ${(open.panelUs * 1000).toFixed(0)} ns a command (${perFrame} a frame), of ${r.offUs.toFixed(1)} µs: ${(share * 100).toFixed(2)}%`,
  );
  console.log(
    `tap calls a transact makes with nobody listening: ${JSON.stringify(idle.perCommand)}; they take ${(idle.tapMs * 1e6).toFixed(1)} ns of a ${(idle.perCommandMs * 1e3).toFixed(1)} µs command (${(idle.share * 100).toFixed(3)}%)`,
  );
}
