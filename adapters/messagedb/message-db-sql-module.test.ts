import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { allInstallFiles } from "./install-steps.js";
import { messageDbSql as viteModule } from "./message-db-sql.js";
import { messageDbSqlFolder } from "./node-sql-source.js";

// Browsers install MessageDB from the SQL bundled into the app: from source through Vite's glob
// (message-db-sql.ts), from dist/ through the module `npm run build` generates with
// scripts/message-db-sql.mjs. Both must hold exactly the package's files, so a browser install
// never drifts from a Node one (which reads the package on disk).
const folder = messageDbSqlFolder();
const INSTALL_FOLDERS = [
  "extensions",
  "functions",
  "indexes",
  "privileges",
  "roles",
  "schema",
  "tables",
  "types",
  "views",
];
const packageFiles: Record<string, string> = Object.fromEntries(
  INSTALL_FOLDERS.flatMap((sub) =>
    readdirSync(join(folder, sub))
      .filter((name) => name.endsWith(".sql"))
      .map((name) => [`${sub}/${name}`, readFileSync(join(folder, sub, name), "utf8")]),
  ),
);

const outDir = mkdtempSync(join(tmpdir(), "strata-sql-module-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function generatedModule(): Promise<Record<string, string>> {
  const out = join(outDir, "message-db-sql.js");
  const script = fileURLToPath(new URL("../../scripts/message-db-sql.mjs", import.meta.url));
  execFileSync(process.execPath, [script, out], { stdio: "pipe" });
  const module = (await import(pathToFileURL(out).href)) as {
    messageDbSql: Record<string, string>;
  };
  return module.messageDbSql;
}

describe("the bundled MessageDB SQL", () => {
  it("the module the build generates holds every install file of @eventide/message-db, byte for byte", async () => {
    const generated = await generatedModule();
    expect(Object.keys(generated).sort()).toEqual(Object.keys(packageFiles).sort());
    for (const [file, text] of Object.entries(packageFiles)) expect(generated[file]).toBe(text);
  });

  it("the Vite module used from source holds the same files", () => {
    expect(Object.keys(viteModule).sort()).toEqual(Object.keys(packageFiles).sort());
    for (const [file, text] of Object.entries(packageFiles)) expect(viteModule[file]).toBe(text);
  });

  it("holds every file the installer runs", () => {
    const steps = allInstallFiles();
    expect(steps.length).toBeGreaterThan(20);
    for (const file of steps) expect(Object.keys(packageFiles)).toContain(file);
  });
});
