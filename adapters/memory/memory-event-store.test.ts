import { eventStoreConformance } from "../conformance/event-store-conformance.js";
import { MemoryEventStore } from "./memory-event-store.js";

eventStoreConformance("MemoryEventStore", async () => ({ store: new MemoryEventStore() }));
