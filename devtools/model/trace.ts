import type { Message } from "../../core/index.js";

/** The correlation a message carries (`metadata.correlationStreamName`), if any. */
export function correlationOf(message: Message): string | undefined {
  const value = message.metadata?.correlationStreamName;
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Every message, across streams, that carries `correlation`, in global order. */
export function correlationTrace(messages: readonly Message[], correlation: string): Message[] {
  return messages.filter((m) => m.metadata?.correlationStreamName === correlation);
}
