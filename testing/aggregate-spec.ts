import { MemoryEventStore } from "../adapters/memory/memory-event-store.js";
import { type AnyAggregateClass, type DomainEvent, UsageError, uuid } from "../core/index.js";
import { loadLatest } from "../core/load.js";
import { streamName } from "../core/stream-name.js";
import { eventDiff, eventList } from "./event-diff.js";
import { eventMessage } from "./event-message.js";
import { AggregateSpecificationError } from "./specification-error.js";

/** Options of `aggregateSpec`. */
export interface AggregateSpecOptions {
  /** The id of the aggregate the given events belong to (default: a new uuid per run). */
  id?: string;
}

/** An error class, or a check of the thrown error (return false to fail the specification). */
export type ErrorCheck<E> =
  // biome-ignore lint/suspicious/noExplicitAny: error classes take any constructor arguments
  (abstract new (...args: any[]) => E) | ((error: E) => boolean);

/** What an error check accepts: the class's instances, or anything for a predicate. */
type Checked<T> = T extends abstract new (...args: never[]) => infer E ? E : unknown;

/**
 * The events an aggregate class accepts: what its `raise` takes, so given and expected events are
 * checked as the aggregate's own commands are (data against the event type's schema).
 */
export type EventOf<C extends AnyAggregateClass> = Parameters<InstanceType<C>["raise"]>[0];

/** The outcome checks shared by both kinds of `when`. */
export interface Then<C extends AnyAggregateClass> {
  /**
   * Passes when the command raised exactly these events, in this order (type and data; metadata
   * too when an expected event carries some); rejects with an `AggregateSpecificationError`
   * showing the difference. `.then()` with no events asserts the command raised none. Resolves
   * with nothing, so `() => given(...).when(...).then(...)` fits every runner's test function
   * (node:test's types want `void | Promise<void>`); check state inside `when` if you need to.
   */
  then(...expected: EventOf<C>[]): Promise<void>;
  /**
   * Passes when the command throws an instance of `check` (a class), or an error `check` (a
   * predicate) returns true for; with both, the error must satisfy each.
   */
  thenThrows<T extends ErrorCheck<Error>>(
    check: T,
    also?: (error: Checked<T>) => boolean,
  ): Promise<void>;
}

/** `given(...events)`: the command runs on the aggregate rebuilt from them. */
export interface When<C extends AnyAggregateClass> {
  when(command: (aggregate: InstanceType<C>) => unknown): Then<C>;
}

/** `given()`: no history, so the command creates the aggregate and returns it. */
export interface WhenCreated<C extends AnyAggregateClass> {
  when(command: () => InstanceType<C> | Promise<InstanceType<C>>): Then<C>;
}

/** The `given` of one aggregate class. */
export type Given<C extends AnyAggregateClass> = <const E extends readonly EventOf<C>[]>(
  ...events: E
) => E extends readonly [] ? WhenCreated<C> : When<C>;

type Outcome<C extends AnyAggregateClass> =
  | { ok: true; aggregate: InstanceType<C>; events: DomainEvent[] }
  | { ok: false; error: unknown };

/**
 * Given/when/then specifications for an aggregate class, in the style of Emmett's
 * `DeciderSpecification`. Each specification runs on its own in-memory store: the given events
 * are appended to the aggregate's stream as `repository.add` would write them, the aggregate is
 * loaded as `repository.get` loads it, the command runs, and the events it raised (still pending) are
 * compared with the expected ones. No test-runner import: await the result in vitest, jest or
 * node:test alike.
 *
 * @example
 * const given = aggregateSpec(User);
 * await given(Registered({ email: "ada@example.com" }))
 *   .when((user) => user.rename("Ada"))
 *   .then(Renamed({ firstName: "Ada" }));
 * await given().when(() => User.register("ada@example.com")).then(Registered({ email: "ada@example.com" }));
 * await given(Registered({ email: "ada@example.com" }))
 *   .when((user) => user.rename("x".repeat(51)))
 *   .thenThrows(ValidationError);
 */
export function aggregateSpec<C extends AnyAggregateClass>(
  Class: C,
  options: AggregateSpecOptions = {},
): Given<C> {
  const given = (...history: DomainEvent[]) => ({
    when: (command: (aggregate?: InstanceType<C>) => unknown) => {
      let outcome: Promise<Outcome<C>> | undefined;
      const run = () => {
        outcome ??= execute(Class, options.id ?? uuid(), history, command);
        return outcome;
      };
      const stage: Then<C> = {
        // biome-ignore lint/suspicious/noThenProperty: see Then.then
        then(...expected: DomainEvent[]) {
          const [resolve, reject] = expected as unknown[];
          if (typeof resolve === "function" && "schema" in resolve) {
            return Promise.reject(
              new UsageError(
                `${Class.aggregateName} specification: .then takes events, not event types: .then(${(resolve as { type?: string }).type ?? "Event"}({ ... })).`,
              ),
            );
          }
          if (typeof resolve === "function") {
            // `await given(...).when(...)` without .then(...): fail loudly instead of passing.
            const error = new UsageError(
              `${Class.aggregateName} specification was awaited without an outcome: finish it with .then(...expectedEvents) or .thenThrows(ErrorClass).`,
            );
            if (typeof reject === "function") {
              reject(error);
              return undefined as never;
            }
            return Promise.reject(error);
          }
          return run().then((result) => {
            expectEvents(Class, history, expected, result);
          });
        },
        thenThrows(check, also) {
          return run().then((result) => {
            expectError(Class, result, check, also);
          });
        },
      };
      return stage;
    },
  });
  return given as unknown as Given<C>;
}

async function execute<C extends AnyAggregateClass>(
  Class: C,
  id: string,
  history: readonly DomainEvent[],
  command: (aggregate?: InstanceType<C>) => unknown,
): Promise<Outcome<C>> {
  let aggregate: InstanceType<C> | undefined;
  if (history.length > 0) {
    const store = new MemoryEventStore();
    const stream = streamName(Class.streamCategory, id);
    await store.append([
      { streamName: stream, messages: history.map((e) => eventMessage(e)), expectedVersion: -1 },
    ]);
    try {
      // What repository.get runs outside a unit of work (no cache: every run starts clean).
      aggregate = await loadLatest({ eventStore: store, logger: console }, Class, id);
    } catch (error) {
      throw new AggregateSpecificationError(
        `${Class.aggregateName}: the given events could not be loaded from ${stream}: ${messageOf(error)}`,
        [],
        [],
        { cause: error },
      );
    }
  }
  let returned: unknown;
  try {
    returned = await command(aggregate);
  } catch (error) {
    return { ok: false, error };
  }
  if (!aggregate) {
    if (!(returned instanceof Class)) {
      throw new UsageError(
        `${Class.aggregateName} specification: given() has no events, so the command must create the aggregate and return it, e.g. .when(() => ${Class.aggregateName}.create({...})); it returned ${describeValue(returned)}.`,
      );
    }
    aggregate = returned as InstanceType<C>;
  }
  const events = aggregate.pendingEvents.map((p) => p.event);
  return { ok: true, aggregate, events };
}

function expectEvents<C extends AnyAggregateClass>(
  Class: C,
  history: readonly DomainEvent[],
  expected: readonly DomainEvent[],
  result: Outcome<C>,
): void {
  const name = Class.aggregateName;
  const expectation =
    expected.length === 0
      ? "no events"
      : [
          `${expected.length} event${expected.length === 1 ? "" : "s"}:`,
          ...eventList(expected),
        ].join("\n");
  if (!result.ok) {
    throw new AggregateSpecificationError(
      `${name}: expected ${expectation}\nbut the command threw ${describeError(result.error)}`,
      expected,
      [],
      { cause: result.error },
    );
  }
  const diff = eventDiff(expected, result.events);
  if (diff) {
    const raised = result.events.length;
    throw new AggregateSpecificationError(
      [
        `${name}: the command raised ${raised === 0 ? "no events" : `${raised} event${raised === 1 ? "" : "s"}`}, not the ${expected.length === 0 ? "none" : expected.length} expected${history.length > 0 ? ` (given ${history.length} event${history.length === 1 ? "" : "s"})` : ""}.`,
        "",
        ...diff.map((line) => (line === "" ? "" : `  ${line}`)),
      ].join("\n"),
      expected,
      result.events,
    );
  }
}

function expectError<C extends AnyAggregateClass, T extends ErrorCheck<Error>>(
  Class: C,
  result: Outcome<C>,
  check: T,
  also: ((error: Checked<T>) => boolean) | undefined,
): void {
  const name = Class.aggregateName;
  const isClass = isErrorClass(check);
  const wanted = isClass ? (check.name ?? "the error class") : "an error the check accepts";
  if (result.ok) {
    const raised = result.events;
    throw new AggregateSpecificationError(
      [
        `${name}: expected the command to throw ${wanted}, but it succeeded and raised ${raised.length === 0 ? "no events" : `${raised.length} event${raised.length === 1 ? "" : "s"}:`}`,
        ...eventList(raised),
      ].join("\n"),
      [],
      raised,
    );
  }
  const error = result.error;
  if (isClass && !(error instanceof check)) {
    throw new AggregateSpecificationError(
      `${name}: expected the command to throw ${wanted}, but it threw ${describeError(error)}`,
      [],
      [],
      { cause: error },
    );
  }
  const predicates = [isClass ? undefined : check, also].filter(
    (p): p is (error: unknown) => boolean => typeof p === "function",
  );
  for (const predicate of predicates) {
    if (!predicate(error)) {
      throw new AggregateSpecificationError(
        `${name}: the command threw ${describeError(error)}\nbut the check ${describePredicate(predicate)} returned false for it.`,
        [],
        [],
        { cause: error },
      );
    }
  }
}

function isErrorClass(check: unknown): check is abstract new (...args: never[]) => Error {
  // Classes (and constructor functions) have a prototype object; arrow predicates do not.
  return (
    typeof check === "function" &&
    typeof check.prototype === "object" &&
    (check.prototype instanceof Error || check === Error)
  );
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a non-Error value ${describeValue(error)}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "object") return `an object of class ${value.constructor?.name ?? "none"}`;
  return `${typeof value} ${String(value)}`;
}

function describePredicate(predicate: (error: unknown) => boolean): string {
  const source = String(predicate).replace(/\s+/g, " ");
  return source.length <= 80 ? source : `${source.slice(0, 77)}...`;
}
