/**
 * `strata-es/store-kit/conformance`: the one conformance suite every Strata store passes, for
 * authors of other stores. It runs under vitest (an optional peer dependency, as is zod, which
 * its aggregate fixture uses).
 *
 * @example
 * // my-event-store.test.ts
 * import { eventStoreConformance } from "strata-es/store-kit/conformance";
 * eventStoreConformance("MyEventStore", async () => ({ store: new MyEventStore() }));
 */
export { domainConformance } from "./domain-conformance.js";
export {
  eventStoreConformance,
  freshCategory,
  message,
  type StoreUnderTest,
} from "./event-store-conformance.js";
