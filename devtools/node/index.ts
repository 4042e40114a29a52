/**
 * `strata-es/devtools/node`: the devtools panel for Node backends on MessageDB, served over HTTP
 * (Node only). `serveDevtools(domain)` inside an app; `npx strata-es devtools` for any store.
 */

export { openReadOnlyStore } from "./read-only-store.js";
export {
  type DevtoolsServer,
  type ServeDevtoolsOptions,
  serveDevtools,
  serveStore,
} from "./serve.js";
export type { BridgeInfo, WireMessage, WireState } from "./wire.js";
