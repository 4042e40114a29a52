import {
  type AggregateClass,
  type AggregateInput,
  type AggregateOptions,
  type AggregateOwner,
  type AggregateState,
  type AnyAggregateClass,
  defineAggregate,
} from "./aggregate.js";
import { AggregateCache } from "./aggregate-cache.js";
import { ConfigurationError } from "./errors.js";
import { defineEventType, type EventType, type EventTypeOptions } from "./event.js";
import type { EventStore } from "./event-store.js";
import { createEventStore, type EventStoreConfig } from "./providers.js";
import { type CommitOptions, Repository, type RepositoryContext } from "./repository.js";
import {
  isStandardSchema,
  type ObjectSchema,
  type SchemaInput,
  type SchemaOutput,
} from "./schema.js";
import type { Logger } from "./snapshot.js";
import { StreamLanes } from "./stream-lanes.js";
import { assertCategory, defaultCategory } from "./stream-name.js";
import { Tap } from "./tap.js";
import { runUnitOfWork, type UnitOfWork } from "./unit-of-work.js";

/**
 * Options of `new Domain`.
 *
 * @example
 * new Domain("identity", { eventStore: new MemoryEventStore(), snapshotThreshold: 50, cache: false });
 */
export interface DomainOptions {
  /** A store instance, or `{ provider, databaseUri }` as in the seed's EVENT_STORE setting. */
  eventStore: EventStore | EventStoreConfig;
  /** Take a snapshot every N events (default 10); aggregates may override it. */
  snapshotThreshold?: number;
  /** Where warnings go (default: console). */
  logger?: Logger;
  /**
   * Keeps the states of the 1000 most recently used aggregates in process (`false` turns it off,
   * `{ maxEntries }` sizes it). `get` then reads only the events after the cached version, and
   * `transact` reads nothing before it writes: a stale entry fails the expected-version check and
   * the retry reloads.
   */
  cache?: boolean | { maxEntries?: number };
}

function isEventStore(value: EventStore | EventStoreConfig): value is EventStore {
  return typeof (value as EventStore).append === "function";
}

function assertThreshold(value: number, owner: string): void {
  if (!(value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value >= 1))) {
    throw new ConfigurationError(
      `snapshotThreshold of ${owner} must be an integer >= 1 (or Infinity to never snapshot), got ${value}.`,
    );
  }
}

/**
 * A bounded context: its events, aggregates and the store they live in.
 *
 * @example
 * const identity = new Domain("identity", { eventStore: new MemoryEventStore() });
 * const Registered = identity.event("Registered", z.object({ email: z.string().email() }));
 * class User extends identity.eventSourcedAggregate("User", z.object({ email: z.string() })) {}
 * const users = identity.repositoryFor(User);
 */
export class Domain<Name extends string = string> {
  readonly eventStore: EventStore;
  readonly snapshotThreshold: number;
  readonly logger: Logger;
  /** What this domain's repositories and aggregates do, for tools: `domain.tap.subscribe(listener)`. */
  readonly tap = new Tap();
  readonly #eventTypes = new Map<string, EventType>();
  readonly #categories = new Map<string, string>();
  readonly #aggregates = new Map<string, AnyAggregateClass>();
  readonly #owner: AggregateOwner<Name>;
  readonly #context: RepositoryContext;

  constructor(
    readonly name: Name,
    options: DomainOptions,
  ) {
    if (!options?.eventStore) {
      throw new ConfigurationError(
        `Domain "${name}" needs an eventStore: new Domain("${name}", { eventStore: new MemoryEventStore() }) or { eventStore: { provider: "messagedb", databaseUri } }.`,
      );
    }
    this.#owner = {
      domainName: name,
      ownsEventType: (eventType) => this.#eventTypes.get(eventType?.type) === eventType,
    };
    this.snapshotThreshold = options.snapshotThreshold ?? 10;
    assertThreshold(this.snapshotThreshold, `domain ${name}`);
    this.eventStore = isEventStore(options.eventStore)
      ? options.eventStore
      : createEventStore(options.eventStore);
    this.logger = options.logger ?? console;
    const cache =
      options.cache === false
        ? undefined
        : new AggregateCache(
            typeof options.cache === "object" ? options.cache.maxEntries : undefined,
          );
    this.#context = {
      eventStore: this.eventStore,
      snapshotThreshold: this.snapshotThreshold,
      logger: this.logger,
      cache,
      lanes: new StreamLanes(),
      openUnits: new Set(),
      assertOwn: (Class) => this.#assertOwn(Class),
      tap: this.tap,
    };
  }

  /**
   * Defines an event type from a Standard Schema. Calling it validates and freezes an event.
   *
   * @example
   * const Renamed = identity.event("Renamed", z.object({ firstName: z.string().max(50) }), { version: 1 });
   */
  event<const Type extends string, S extends ObjectSchema>(
    type: Type,
    schema: S,
    options: EventTypeOptions = {},
  ): EventType<Type, SchemaInput<S>, SchemaOutput<S>, Name> {
    if (!type) throw new ConfigurationError(`domain.event needs a non-empty type name.`);
    if (!isStandardSchema(schema)) {
      throw new ConfigurationError(
        `Event "${type}" needs a Standard Schema (zod, valibot, arktype…).`,
      );
    }
    if (this.#eventTypes.has(type)) {
      throw new ConfigurationError(`Event "${type}" is already defined in domain "${this.name}".`);
    }
    const eventType = defineEventType(
      this.name,
      type,
      schema,
      options.version ?? 1,
      options.upcasters,
    );
    this.#eventTypes.set(type, eventType as EventType);
    return eventType;
  }

  /**
   * Defines an event-sourced aggregate: extend the returned class and register apply handlers.
   *
   * @example
   * class User extends identity.eventSourcedAggregate("User", z.object({ email: z.string() })) {
   *   static { this.applyEvent(Registered, (user, e) => { user.email = e.email; }); }
   * }
   */
  eventSourcedAggregate<
    S extends ObjectSchema,
    const Identifier extends Extract<keyof SchemaOutput<S>, string> | undefined = undefined,
  >(
    name: string,
    schema: S,
    options: AggregateOptions<Identifier, SchemaOutput<S>> = {},
  ): AggregateClass<AggregateState<S, Identifier>, AggregateInput<S, Identifier>, Name> {
    if (!isStandardSchema(schema)) {
      throw new ConfigurationError(
        `Aggregate "${name}" needs a Standard Schema (zod, valibot, arktype…).`,
      );
    }
    const category = options.streamCategory ?? defaultCategory(name);
    assertCategory(category, `aggregate ${name}`);
    if (options.snapshotThreshold !== undefined) {
      assertThreshold(options.snapshotThreshold, `aggregate ${name}`);
    }
    const owner = this.#categories.get(category);
    if (owner) {
      throw new ConfigurationError(
        `Aggregates ${owner} and ${name} would share stream category "${category}": give one a streamCategory.`,
      );
    }
    this.#categories.set(category, name);
    const Class = defineAggregate(this.#owner, name, category, schema, options, this.tap);
    this.#aggregates.set(category, Class as unknown as AnyAggregateClass);
    return Class;
  }

  /** The event types defined in this domain, by type name (tools such as the devtools read it). */
  get eventTypes(): ReadonlyMap<string, EventType> {
    return this.#eventTypes;
  }

  /**
   * The aggregate classes defined in this domain, by stream category. Subclasses the app declares
   * (`class User extends ...`) are what it registers apply handlers on; handlers live on the base.
   */
  get aggregateClasses(): ReadonlyMap<string, AnyAggregateClass> {
    return this.#aggregates;
  }

  /** The repository (`add`, `get`, `transact`) of an aggregate class. */
  repositoryFor<C extends AnyAggregateClass>(Class: C): Repository<C> {
    this.#assertOwn(Class);
    return new Repository(this.#context, Class);
  }

  /**
   * Runs `work` and commits every aggregate added through `uow.repositoryFor(...)` in one store
   * transaction: all or nothing. If `work` throws, nothing is written. Only the unit's own
   * repositories take part: `domain.repositoryFor(...)` used inside the callback writes at once,
   * outside the unit (Strata warns when an aggregate of the unit is added that way). The unit's
   * repositories throw `UsageError` once the unit has committed or failed. `onCommit` receives
   * the unit's `CommitResult` (read-your-writes with `projection.waitFor`).
   *
   * @example
   * await identity.unitOfWork(async (uow) => {
   *   const users = uow.repositoryFor(User);
   *   await users.add(User.register("a@example.com"));
   *   await users.add(User.register("b@example.com"));
   * }, { onCommit: (commit) => console.log(commit.globalPosition) });
   */
  unitOfWork<R>(work: (uow: UnitOfWork) => R | Promise<R>, options?: CommitOptions): Promise<R> {
    return runUnitOfWork(this.#context, work, options);
  }

  /** Closes the event store. */
  async close(): Promise<void> {
    await this.eventStore.close();
  }

  #assertOwn(Class: AnyAggregateClass): void {
    if (
      Class?.domainName !== this.name ||
      this.#categories.get(Class.streamCategory) !== Class.aggregateName
    ) {
      throw new ConfigurationError(
        `${Class?.name ?? String(Class)} is not an aggregate of domain "${this.name}": define it with ${this.name}.eventSourcedAggregate(...).`,
      );
    }
  }
}
