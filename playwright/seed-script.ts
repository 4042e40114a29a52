import { type SeedStream, writeInPage } from "./in-page.js";
import type { DatabaseLayout } from "./schema-layout.js";

/**
 * The init script that seeds a database before the page's own scripts run. It starts the write
 * at once (IndexedDB then orders it before anything the app opens), only in the top frame of a
 * real origin, and leaves its outcome in `globalThis[seedKey]` for the kit's reads to await.
 */
export function seedScript(args: {
  databaseName: string;
  layout: DatabaseLayout;
  streams: readonly SeedStream[];
  seedKey: string;
}): string {
  const writeArgs = {
    databaseName: args.databaseName,
    layout: args.layout,
    streams: args.streams,
    notify: false,
  };
  return `(() => {
  if (window.top !== window || typeof indexedDB === "undefined" || location.origin === "null") return;
  const write = ${writeInPage.toString()};
  const key = ${JSON.stringify(args.seedKey)};
  let started;
  try {
    started = write(${JSON.stringify(writeArgs)});
  } catch (error) {
    started = Promise.reject(error);
  }
  const previous = globalThis[key] || Promise.resolve(undefined);
  globalThis[key] = Promise.all([previous, started]).then(
    ([before]) => before,
    (error) => {
      console.error(String(error && error.message ? error.message : error));
      return { error: String(error && error.message ? error.message : error) };
    },
  );
})();`;
}
