import { registerEventStoreProvider } from "../../core/index.js";
import { MemoryEventStore } from "./memory-event-store.js";

registerEventStoreProvider("memory", () => new MemoryEventStore());

export { MemoryEventStore };
