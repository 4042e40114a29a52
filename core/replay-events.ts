import { type AggregateRoot, type AnyAggregateClass, aggregateInternals } from "./aggregate.js";
import type { Message } from "./event-store.js";
import { prepareForReplay } from "./upcast.js";

/**
 * Applies stored events to an aggregate: upcast to their current shapes, unknown types skipped
 * where the aggregate tolerates them, and `_version` set to the last stored position either way.
 */
export function replayEvents(aggregate: AggregateRoot, messages: readonly Message[]): void {
  const Class = aggregate.constructor as AnyAggregateClass;
  const prepared = prepareForReplay(Class, messages);
  aggregateInternals.replay(aggregate, prepared);
  const last = messages[messages.length - 1];
  if (prepared !== messages && last !== undefined)
    aggregateInternals.setVersion(aggregate, last.position);
}
