import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

let bundle: Promise<string> | undefined;

/**
 * The panel's browser bundle: `panel.js` next to this module in the published package (built by
 * scripts/build.mjs), else bundled once from `page/main.tsx` with esbuild (running from source:
 * tests, tsx).
 */
export function panelScript(): Promise<string> {
  bundle ??= load();
  bundle.catch(() => {
    bundle = undefined;
  });
  return bundle;
}

async function load(): Promise<string> {
  try {
    return await readFile(new URL("./panel.js", import.meta.url), "utf8");
  } catch {
    const esbuild = await import("esbuild");
    const result = await esbuild.build({
      entryPoints: [fileURLToPath(new URL("./page/main.tsx", import.meta.url))],
      bundle: true,
      write: false,
      format: "esm",
      minify: true,
      target: "es2022",
      jsx: "automatic",
      define: { "process.env.NODE_ENV": '"production"' },
      logLevel: "silent",
    });
    return (result.outputFiles[0] as { text: string }).text;
  }
}

/** The page: the panel fills it; the status line above shows what was read. */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Strata devtools</title>
<style>
html, body { margin: 0; height: 100%; font: 13px system-ui, sans-serif; background: #111; color: #ddd; }
body { display: flex; flex-direction: column; }
#status { padding: 4px 10px; border-bottom: 1px solid #333; }
#root { flex: 1; min-height: 0; }
</style>
<script type="module" src="/panel.js"></script>
</head>
<body>
<div id="status" role="status" aria-live="polite">Connecting…</div>
<div id="root"></div>
</body>
</html>
`;
