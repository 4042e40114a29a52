import { registerEventStoreProvider } from "../../core/store-kit.js";
import { MemoryEventStore } from "./memory-event-store.js";

registerEventStoreProvider("memory", () => new MemoryEventStore());

export { MemoryEventStore };
