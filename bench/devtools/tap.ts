// What the tap costs the app: command throughput (memory store, `repository.add` of one event)
// with nobody listening, and with a listener as the open panel has one. Interleaved rounds in one
// process; reports the ratio. Alone: npx tsx bench/devtools/tap.ts
import { pathToFileURL } from "node:url";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import type { TapRecord } from "../../core/index.js";

async function commandsPerSecond(listening: boolean, commands: number): Promise<number> {
  const store = new MemoryEventStore();
  const { identity, User, users } = identityDomain(store, { logger: { warn() {} } });
  const seen: TapRecord[] = [];
  const stop = listening ? identity.tap.subscribe((r) => seen.push(r)) : () => {};
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

/** Median commands/s without and with a tap listener over `rounds` interleaved rounds. */
export async function runTapBench(rounds = 7, commands = 3000) {
  const off: number[] = [];
  const on: number[] = [];
  await commandsPerSecond(false, 500); // warm-up
  for (let r = 0; r < rounds; r++) {
    off.push(await commandsPerSecond(false, commands));
    on.push(await commandsPerSecond(true, commands));
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;
  return { off: median(off), on: median(on), cost: 1 - median(on) / median(off) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { off, on, cost } = await runTapBench();
  console.log(`transact, nobody listening:  ${off.toFixed(0)} commands/s`);
  console.log(`transact, a tap listener:    ${on.toFixed(0)} commands/s`);
  console.log(`cost of the listening tap:   ${(cost * 100).toFixed(1)}%`);
}
