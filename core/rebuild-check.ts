import {
  type AggregateRoot,
  type AnyAggregateClass,
  aggregateInternals,
  instantiateBlank,
} from "./aggregate.js";
import { deepEqual } from "./deep-equal.js";
import { UsageError } from "./errors.js";

function show(value: unknown): string {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (typeof value === "number" || typeof value === "bigint" || value === undefined) {
    return String(value);
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Refuses the first `add` of a new aggregate whose state would not survive a reload: the aggregate
 * is rebuilt from its pending events exactly as a `get` in another process would rebuild it (initial
 * state, then the apply handlers), and every field that differs is named. The usual cause is a
 * field `create()` set that no event carries: after a restart, or in any other process, it would
 * be gone.
 */
export function assertRebuildsAsInMemory(aggregate: AggregateRoot): void {
  const Class = aggregate.constructor as AnyAggregateClass;
  const pending = aggregateInternals.pending(aggregate);
  const rebuilt = instantiateBlank(Class, aggregate.id) as AggregateRoot;
  const subject = `${Class.aggregateName} "${aggregate.id}"`;
  for (const [position, { event }] of pending.entries()) {
    const handler = Class.handlers.get(event.type);
    try {
      handler?.(rebuilt, event.data, { type: event.type, position, metadata: event.metadata });
    } catch (error) {
      throw new UsageError(
        `${subject} cannot be rebuilt from its events: the apply handler of "${event.type}" throws on the state a reload starts from (${error instanceof Error ? error.message : String(error)}). Carry what the handler needs in the events, or give the fields schema defaults or initialState.`,
        { cause: error },
      );
    }
  }
  const inMemory = aggregate as unknown as Record<string, unknown>;
  const reloaded = rebuilt as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(inMemory), ...Object.keys(reloaded)]);
  const differences: string[] = [];
  for (const key of keys) {
    if (!deepEqual(inMemory[key], reloaded[key])) {
      differences.push(
        `${key} is ${show(inMemory[key])} in memory but ${show(reloaded[key])} when rebuilt`,
      );
    }
  }
  if (differences.length > 0) {
    throw new UsageError(
      `${subject} would load differently than it is in memory: ${differences.join("; ")}. Every field must come from an event (or a schema default / initialState): raise an event that carries what create() set, and set it in that event's apply handler. Nothing was written.`,
    );
  }
}
