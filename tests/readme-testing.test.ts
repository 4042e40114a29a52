import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = new URL("../", import.meta.url);
const readme = readFileSync(new URL("README.md", root), "utf8");
const section = readme.match(/\n## Testing\n([\s\S]*?)\n## /)?.[1] ?? "";
const blocks = (lang: string) =>
  [...section.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map(
    (m) => m[1] as string,
  );

/** The README's imports of strata-es, pointed at the source (no build needed). */
const fromSource = (code: string) =>
  code.replace(/from "strata-es(\/\w+)?"/g, (_, sub: string | undefined) => {
    const path = sub === undefined ? "core" : sub === "/memory" ? "adapters/memory" : sub.slice(1);
    return `from ${JSON.stringify(fileURLToPath(new URL(`${path}/index.ts`, root)))}`;
  });

describe("README: Testing", () => {
  it("runs the given/when/then example under node:test, and its failure reads as shown", async () => {
    const [example, playwrightExample] = blocks("ts");
    const [failureText] = blocks("text");
    expect(example).toContain("aggregateSpec(Account)");
    expect(playwrightExample).toBeDefined();
    // The failure the README describes: the second test expecting 40 instead of 30.
    const failing = `${example}
test("the README's failing variant", () =>
  given(Opened({ owner: "ada" }), Deposited({ amount: 100 }))
    .when((account) => account.withdraw(30))
    .then(Withdrawn({ amount: 40 })));
`;
    const dir = fileURLToPath(new URL("node_modules/.cache/strata-readme/", root));
    mkdirSync(dir, { recursive: true });
    const file = `${dir}testing-${Date.now()}.ts`;
    writeFileSync(file, fromSource(failing));
    const output = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        ["--import", "tsx", "--test", "--test-reporter=tap", file],
        { cwd: fileURLToPath(root), env: { ...process.env, NODE_OPTIONS: "" } },
        (_error, stdout, stderr) => resolve(stdout + stderr),
      );
    });
    rmSync(file);
    for (const name of [
      "opening an account",
      "withdrawing what is there",
      "withdrawing more than the balance",
      "deposits are positive",
    ]) {
      expect(output).toMatch(new RegExp(`^ok \\d+ - ${name}$`, "m"));
    }
    expect(output).toMatch(/^not ok \d+ - the README's failing variant$/m);
    expect(output).toContain("# pass 4\n# fail 1");
    // TAP indents the error by four spaces.
    const unindented = output
      .split("\n")
      .map((line) => line.replace(/^ {4}/, "").trimEnd())
      .join("\n");
    expect(unindented).toContain((failureText as string).trimEnd());
  }, 60_000);

  it("type-checks the given/when/then example as written (node:test's types included)", async () => {
    const [example] = blocks("ts");
    const dir = fileURLToPath(new URL("node_modules/.cache/strata-readme/", root));
    mkdirSync(dir, { recursive: true });
    const stamp = `${process.pid}-${Date.now()}`;
    const file = `${dir}testing-types-${stamp}.ts`;
    const config = `${dir}tsconfig-${stamp}.json`;
    writeFileSync(file, example as string);
    writeFileSync(
      config,
      JSON.stringify({ extends: fileURLToPath(new URL("tsconfig.json", root)), include: [file] }),
    );
    const output = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        [fileURLToPath(new URL("node_modules/typescript/bin/tsc", root)), "--noEmit", "-p", config],
        { cwd: fileURLToPath(root) },
        (error, stdout, stderr) => resolve(error ? stdout + stderr || String(error) : ""),
      );
    });
    rmSync(file);
    rmSync(config);
    expect(output).toBe("");
  }, 60_000);

  it("shows the Playwright example as e2e/readme/testing.spec.ts, which Playwright runs", () => {
    const [, playwrightExample] = blocks("ts");
    const spec = readFileSync(new URL("e2e/readme/testing.spec.ts", root), "utf8");
    // The README leaves out where the app's event types come from, as its other fragments do.
    const appImport = 'import { Registered } from "./app/identity.js";\n';
    expect(spec).toContain(appImport);
    expect(playwrightExample).toBe(spec.replace(appImport, ""));
  });
});
