import type { MessageMetadata } from "./event-store.js";
import type { ObjectSchema, SchemaInput, SchemaOutput } from "./schema.js";
import { validateSync } from "./schema.js";
import { checkUpcasters, type Upcasters } from "./upcast.js";
import { assertStorable } from "./value-contract.js";

/** The schema's output, once it is known every store can keep it as it is. */
function storable<T>(data: T, subject: string): T {
  assertStorable(data, subject);
  return data;
}

/** An event raised by an aggregate: immutable, validated when it was made. */
export interface DomainEvent<Type extends string = string, Data = Record<string, unknown>> {
  readonly type: Type;
  readonly data: Readonly<Data>;
  readonly schemaVersion: number;
  readonly metadata: Readonly<MessageMetadata> | undefined;
}

/** Options for one event instance: Eventide metadata such as `correlationStreamName`. */
export interface EventOptions {
  metadata?: MessageMetadata;
}

/**
 * An event type made by `domain.event`: call it to make a validated, frozen event.
 *
 * @example
 * const Registered = identity.event("Registered", z.object({ email: z.string().email() }));
 * const e = Registered({ email: "ada@example.com" }); // e.data.email is typed
 */
export interface EventType<
  Type extends string = string,
  Input = unknown,
  Data = Record<string, unknown>,
> {
  (input: Input, options?: EventOptions): DomainEvent<Type, Data>;
  readonly type: Type;
  readonly schema: ObjectSchema;
  readonly schemaVersion: number;
  /** How stored older versions of this event become the current shape on read. */
  readonly upcasters?: Upcasters | undefined;
}

/** Options of `domain.event`. */
export interface EventTypeOptions {
  /** The version events are written at (default 1), stored as `metadata.schemaVersion` when not 1. */
  version?: number;
  /**
   * Upcasters by the version they read: `{ 1: (v1) => v2, 2: (v2) => v3 }`. The chain is checked
   * when the event type is defined; stored events keep their data and are upcast on every read.
   */
  upcasters?: Upcasters;
}

/** The data type of an event type: `EventData<typeof Registered>`. */
export type EventData<E> = E extends EventType<string, unknown, infer D> ? D : never;

/**
 * Freezes an object and everything in it, so stored history and raised events cannot change.
 * Date, Map and Set keep their internal slots writable whatever `freeze` says, so they are left
 * as they are rather than pretending otherwise.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    if (value instanceof Date || value instanceof Map || value instanceof Set) return value;
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function defineEventType<Type extends string, S extends ObjectSchema>(
  type: Type,
  schema: S,
  schemaVersion: number,
  upcasters?: Upcasters,
): EventType<Type, SchemaInput<S>, SchemaOutput<S>> {
  checkUpcasters(type, schemaVersion, upcasters);
  const subject = `event ${type}`;
  const make = (
    input: SchemaInput<S>,
    options?: EventOptions,
  ): DomainEvent<Type, SchemaOutput<S>> =>
    Object.freeze({
      type,
      data: deepFreeze(storable(validateSync(schema, input, subject), subject)),
      schemaVersion,
      metadata: options?.metadata ? Object.freeze({ ...options.metadata }) : undefined,
    });
  return Object.defineProperties(make, {
    type: { value: type, enumerable: true },
    schema: { value: schema, enumerable: true },
    schemaVersion: { value: schemaVersion, enumerable: true },
    upcasters: { value: upcasters ? Object.freeze({ ...upcasters }) : undefined, enumerable: true },
    name: { value: type },
  }) as EventType<Type, SchemaInput<S>, SchemaOutput<S>>;
}
