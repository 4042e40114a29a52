import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../", import.meta.url));

it("runs under node:test: a passing spec passes, a failing one fails with the diff", async () => {
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "--test", "--test-reporter=tap", "tests/testing/node-test/user.spec.ts"],
      { cwd: root, env: { ...process.env, NODE_OPTIONS: "" } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, output: stdout + stderr }),
    );
  });
  expect(code).toBe(1);
  expect(output).toMatch(/^ok \d+ - a user renames$/m);
  expect(output).toMatch(/^not ok \d+ - a specification that does not hold$/m);
  expect(output).toContain("# pass 1");
  expect(output).toContain("# fail 1");
  expect(output).toContain("AggregateSpecificationError");
  expect(output).toContain('- Renamed {firstName: "Grace"}');
  expect(output).toContain('+ Renamed {firstName: "Ada"}');
  expect(output).toContain('firstName: expected "Grace", got "Ada"');
}, 60_000);
