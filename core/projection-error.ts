import { ErrorCode, isStrataError, StrataError } from "./errors.js";
import type { Message } from "./event-store.js";

/**
 * A projection handler kept throwing on a message: the projection paused there (nothing after it
 * was folded). Fix the handler or the data and call `projection.resume()`. An inline projection's
 * handler throwing in a commit throws it too, from the command, and the commit writes nothing.
 *
 * @example
 * if (snapshot.error instanceof ProjectionHandlerError) console.log(snapshot.error.streamName, snapshot.error.messagePosition)
 */
export class ProjectionHandlerError extends StrataError {
  override readonly code = ErrorCode.projectionHandler;
  readonly streamName: string;
  readonly messageType: string;
  readonly messagePosition: number;
  readonly globalPosition: number;
  constructor(
    readonly projection: string,
    message: Message,
    attempts: number,
    cause: unknown,
    /** Thrown by an inline projection in a commit: the commit wrote nothing. */
    inline = false,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      inline
        ? `Inline projection ${projection}: handler ${message.type} threw on ${message.streamName} position ${message.position}: ${reason}. Nothing was written.`
        : `Projection ${projection} paused: handler ${message.type} threw on ${message.streamName} position ${message.position} (global ${message.globalPosition}) ${attempts} times: ${reason}. Fix it, then call resume().`,
      { cause },
    );
    this.streamName = message.streamName;
    this.messageType = message.type;
    this.messagePosition = message.position;
    this.globalPosition = message.globalPosition;
  }
}

/**
 * True when a projection paused on a handler that kept throwing (`code`
 * "PROJECTION_HANDLER_ERROR"), from any copy of the package.
 *
 * @example
 * if (isProjectionHandlerError(snapshot.error)) console.log(snapshot.error.streamName)
 */
export const isProjectionHandlerError = (error: unknown): error is ProjectionHandlerError =>
  isStrataError(error) && error.code === ErrorCode.projectionHandler;
