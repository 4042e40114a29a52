// "Copy as test": the text the panel copies is a complete specification for strata-es/testing.
// It is written next to the ledger fixture, type-checked by tsc with the repository's settings and
// run by node's test runner (through tsx), passing as copied and failing once its expectation is
// changed, so the copied spec really checks the event.
import { execFile } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, expect, test } from "vitest";
import type { AnyAggregateClass } from "../../core/index.js";
import { specText } from "../../devtools/model/spec-text.js";
import { Account, accounts, ledger } from "./fixtures/ledger.js";

const run = promisify(execFile);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const root = here("../../");
const written: string[] = [];

afterAll(async () => {
  for (const file of written) await rm(file, { force: true });
});

async function copiedSpec(position: number, name: string) {
  const account = Account.open("ada", new Date("2026-01-02T03:04:05.000Z"));
  account.deposit(30);
  account.tag("vip", "eu");
  account.deposit(20);
  await accounts.add(account);
  const events = await ledger.eventStore.readStream(`account-${account.id}`);
  const Class = ledger.aggregateClasses.get("account") as AnyAggregateClass;
  const text = specText(ledger, Class, events, position, {
    module: "./ledger.js",
    runner: "node:test",
  });
  const file = here(`./fixtures/${name}.generated.ts`);
  written.push(file);
  await writeFile(file, text);
  return { text, file };
}

async function typecheck(...files: string[]) {
  const config = here(`./fixtures/tsconfig.generated-${Date.now()}.json`);
  written.push(config);
  await writeFile(
    config,
    JSON.stringify({ extends: "../../../tsconfig.json", include: [], files }),
  );
  return run("npx", ["tsc", "--noEmit", "-p", config], { cwd: root }).then(
    () => "",
    (error: { stdout: string }) => error.stdout,
  );
}

const runSpec = (file: string) =>
  run("npx", ["tsx", "--test", file], { cwd: root }).then(
    ({ stdout }) => ({ ok: true, stdout }),
    (error: { stdout: string }) => ({ ok: false, stdout: error.stdout }),
  );

test("a copied spec names the events with the domain's factories, raises the recorded ones, type-checks and passes", async () => {
  const later = await copiedSpec(1, "copied-deposit");
  expect(later.text).toContain('import { aggregateSpec } from "strata-es/testing";');
  expect(later.text).toContain('import { Account, Opened, Deposited, Tagged } from "./ledger.js";');
  expect(later.text).toContain(
    'Opened({ owner: "ada", openedOn: new Date("2026-01-02T03:04:05.000Z"), limit: 100n })',
  );
  // Events 1..3 are raised on the aggregate rebuilt from event 0, and expected.
  expect(later.text).toContain(".when((account) => {");
  expect(later.text).toContain('account.raise(Tagged({ tags: new Set(["vip", "eu"]) }));');
  expect(later.text).toContain("account.raise(Deposited({ amount: 20 }));");
  expect(later.text).toMatch(
    /\.then\(\s*Deposited\(\{ amount: 30 \}\),\s*Tagged\([^\n]*\),\s*Deposited\(\{ amount: 20 \}\),\s*\)/,
  );
  // From version 0 there is no given: the when creates the aggregate as the app does.
  const first = await copiedSpec(0, "copied-open");
  expect(first.text).toContain("  given()");
  expect(first.text).toContain("const account = Account.create({");
  expect(first.text).toContain("return account;");
  expect(await typecheck(later.file, first.file)).toBe("");
  for (const { file } of [later, first]) {
    const result = await runSpec(file);
    expect(result.stdout).toContain("# pass 1");
    expect(result.ok).toBe(true);
  }
}, 180_000);

test("the copied spec fails when its expected events differ from what the when raises", async () => {
  const { text, file } = await copiedSpec(3, "copied-mismatch");
  const expected = "      Deposited({ amount: 20 }),\n    ),";
  expect(text).toContain(expected);
  await writeFile(file, text.replace(expected, "      Deposited({ amount: 21 }),\n    ),"));
  const result = await runSpec(file);
  expect(result.ok).toBe(false);
  expect(result.stdout).toContain("# fail 1");
}, 120_000);
