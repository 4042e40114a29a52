import { type StreamAppend, UsageError } from "../../core/store-kit.js";

/** Refuses malformed appends before anything is written, naming the stream and field at fault. */
export function validateAppend(streams: readonly StreamAppend[]): void {
  const seen = new Set<string>();
  for (const { streamName, messages, expectedVersion } of streams) {
    if (typeof streamName !== "string" || streamName.length === 0) {
      throw new UsageError(
        `append: streamName must be a non-empty string, got ${JSON.stringify(streamName)}.`,
      );
    }
    if (seen.has(streamName)) {
      throw new UsageError(
        `append: stream ${streamName} appears twice in one append; merge its messages.`,
      );
    }
    seen.add(streamName);
    if (expectedVersion !== null && !(Number.isInteger(expectedVersion) && expectedVersion >= -1)) {
      throw new UsageError(
        `append: expectedVersion of stream ${streamName} must be null or an integer >= -1, got ${expectedVersion}.`,
      );
    }
    if (!Array.isArray(messages) || messages.length === 0) {
      throw new UsageError(`append: stream ${streamName} has no messages to write.`);
    }
    messages.forEach((m, i) => {
      if (typeof m?.type !== "string" || m.type.length === 0) {
        throw new UsageError(
          `append: message ${i} of stream ${streamName} needs a non-empty type.`,
        );
      }
      if (typeof m.id !== "string" || m.id.length === 0) {
        throw new UsageError(`append: message ${i} of stream ${streamName} needs an id (a uuid).`);
      }
      if (m.data === null || typeof m.data !== "object" || Array.isArray(m.data)) {
        throw new UsageError(
          `append: data of message ${i} (${m.type}) in stream ${streamName} must be a JSON object.`,
        );
      }
    });
  }
}
