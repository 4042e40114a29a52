// Type-checks every ```ts block of the README under the project's strict tsconfig. Blocks are
// fragments: each becomes a module that imports from tests/readme/prelude.ts the names it uses
// but does not declare itself.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
const dir = new URL("node_modules/.cache/strata-readme-types/", root);
const prelude = readFileSync(new URL("tests/readme/prelude.ts", root), "utf8");
const preludeNames = [
  ...prelude.matchAll(/^export (?:declare )?(?:const|class|function) (\w+)/gm),
  ...prelude.matchAll(/^export \{ ([^}]+) \}/gm),
].flatMap((m) => (m[1] ?? "").split(",").map((n) => n.trim()));

const readme = readFileSync(new URL("README.md", root), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");

function declared(code) {
  const names = new Set();
  for (const m of code.matchAll(/\b(?:const|let|var|class|function)\s+(\w+)/g)) names.add(m[1]);
  for (const m of code.matchAll(/import\s*\{([^}]*)\}/g)) {
    for (const part of m[1].split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.replace(/^type\s+/, "");
      if (name) names.add(name);
    }
  }
  for (const m of code.matchAll(/import\s+(\w+)\s+from/g)) names.add(m[1]);
  return names;
}

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const preludePath = fileURLToPath(new URL("tests/readme/prelude.js", root));
const files = blocks.map((code, i) => {
  const own = declared(code);
  const needed = preludeNames.filter((n) => !own.has(n) && new RegExp(`\\b${n}\\b`).test(code));
  const header =
    needed.length > 0 ? `import { ${needed.join(", ")} } from "${preludePath}";\n` : "";
  const file = fileURLToPath(new URL(`block-${String(i + 1).padStart(2, "0")}.ts`, dir));
  writeFileSync(file, `${header}${code}\nexport {};\n`);
  return file;
});
writeFileSync(
  new URL("tsconfig.json", dir),
  JSON.stringify({
    extends: fileURLToPath(new URL("tsconfig.json", root)),
    compilerOptions: { noUnusedLocals: false },
    include: files,
  }),
);
try {
  execFileSync("npx", ["tsc", "--noEmit", "-p", fileURLToPath(new URL("tsconfig.json", dir))], {
    stdio: "inherit",
  });
  console.log(`README: ${files.length} TypeScript blocks type-check.`);
} catch {
  console.error(`README: TypeScript blocks fail to type-check (files in ${fileURLToPath(dir)}).`);
  process.exit(1);
}
