// The IndexedDB catch-up bench page: chromium-catch-up.ts opens it and calls window.runCatchUp.
import { IndexedDBEventStore } from "../../../adapters/indexeddb/index.js";
import { uuid } from "../../../core/index.js";
import { runWorkload } from "../../harness.js";
import "./api.js";
import { catchUpVariants, seed } from "../catch-up-work.js";

window.runCatchUp = async (quick) => {
  const events = quick ? 10_000 : 100_000;
  const databaseName = `bench-catch-up-${uuid()}`;
  const store = new IndexedDBEventStore({ databaseName });
  try {
    const t0 = performance.now();
    await seed(store, events);
    const seedSeconds = (performance.now() - t0) / 1000;
    const { variants } = catchUpVariants(store, events, "IndexedDB in Chromium");
    const rows = await runWorkload({
      name: `catch-up ${events.toLocaleString("en-US")} events, IndexedDB in Chromium`,
      baseline: variants[0].name,
      rounds: quick ? 3 : 5,
      warmupRounds: 1,
      variants,
    });
    return { rows, seedSeconds };
  } finally {
    await store.close();
    indexedDB.deleteDatabase(databaseName);
  }
};
document.body.dataset.ready = "true";
