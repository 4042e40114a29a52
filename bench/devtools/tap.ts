// What the tap costs the app: command throughput (memory store, `repository.add` of one event)
// with nobody listening, and with a listener as the open panel has one. Interleaved rounds in one
// process; reports the ratio. Alone: npx tsx bench/devtools/tap.ts
import { pathToFileURL } from "node:url";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import type { TapRecord } from "../../core/index.js";
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
}
