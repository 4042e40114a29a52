// Bundles the page the devtools bridge serves (React, the panel, a RemoteEventStore) into
// dist/devtools/node/panel.js, so `strata-es devtools` needs no bundler at run time.
import { build } from "esbuild";

await build({
  entryPoints: [new URL("../devtools/node/page/main.tsx", import.meta.url).pathname],
  outfile: new URL("../dist/devtools/node/panel.js", import.meta.url).pathname,
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2022",
  jsx: "automatic",
  define: { "process.env.NODE_ENV": '"production"' },
  legalComments: "none",
  logLevel: "warning",
});
