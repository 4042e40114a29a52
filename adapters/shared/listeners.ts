import type { Message, MessagesListener } from "../../core/index.js";

/** A set of subscribers; one failing listener neither stops the others nor the writer. */
export class Listeners {
  readonly #listeners = new Set<MessagesListener>();

  add(listener: MessagesListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  get size(): number {
    return this.#listeners.size;
  }

  emit(messages: readonly Message[]): void {
    if (messages.length === 0) return;
    for (const listener of this.#listeners) {
      try {
        listener(messages);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
