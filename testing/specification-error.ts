import type { DomainEvent } from "../core/index.js";

/**
 * A given/when/then specification did not hold: the message says what differs (a diff of the
 * expected and raised events, or which error was expected and what happened instead). Any test
 * runner reports it as a failed test; it imports nothing from one.
 */
export class AggregateSpecificationError extends Error {
  constructor(
    message: string,
    /** The events the specification expected (empty for `thenThrows`). */
    readonly expectedEvents: readonly DomainEvent[],
    /** The events the command raised (empty when it threw). */
    readonly actualEvents: readonly DomainEvent[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AggregateSpecificationError";
  }
}
