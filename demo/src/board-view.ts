// The lists the app shows (boards, and cards by column), folded from the store's categories in
// global order and kept live through `subscribe`, which also hears the app's other tabs.
import type { EventStore, Message } from "strata-es";
import type { Column } from "./kanban.js";

export interface CardRow {
  readonly id: string;
  readonly boardId: string;
  readonly title: string;
  readonly column: Column;
  readonly version: number;
}

export interface BoardRow {
  readonly id: string;
  readonly name: string;
}

export interface KanbanView {
  readonly boards: readonly BoardRow[];
  readonly cards: readonly CardRow[];
  /** The last global position folded in. */
  readonly position: number;
}

const idOf = (message: Message) => message.streamName.slice(message.streamName.indexOf("-") + 1);
const categoryOf = (stream: string) => stream.slice(0, stream.indexOf("-"));
const FOLDED = new Set(["board", "card"]);

/** A live view of every board and card; `subscribe`/`getSnapshot` fit React's useSyncExternalStore. */
export class BoardView {
  readonly #store: EventStore;
  readonly #boards = new Map<string, BoardRow>();
  readonly #cards = new Map<string, CardRow>();
  readonly #listeners = new Set<() => void>();
  #snapshot: KanbanView = { boards: [], cards: [], position: 0 };
  #unsubscribe: (() => void) | undefined;

  constructor(store: EventStore) {
    this.#store = store;
  }

  /** Reads both categories from the start, then follows new appends. */
  async start(): Promise<void> {
    const seen = new Set<number>();
    const buffered: Message[] = [];
    let caughtUp = false;
    this.#unsubscribe = this.#store.subscribe((messages) => {
      if (caughtUp) this.#apply(messages, seen);
      else buffered.push(...messages);
    });
    const history = [
      ...(await this.#store.readCategory("board")),
      ...(await this.#store.readCategory("card")),
    ].sort((a, b) => a.globalPosition - b.globalPosition);
    this.#apply(history, seen);
    caughtUp = true;
    this.#apply(buffered, seen);
  }

  stop(): void {
    this.#unsubscribe?.();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): KanbanView => this.#snapshot;

  #apply(messages: readonly Message[], seen: Set<number>): void {
    let changed = false;
    for (const message of messages) {
      // Subscribers hear every append, snapshots (`card:snapshot-…`) included: fold only events.
      if (!FOLDED.has(categoryOf(message.streamName))) continue;
      if (seen.has(message.globalPosition)) continue;
      seen.add(message.globalPosition);
      changed = this.#fold(message) || changed;
    }
    if (!changed) return;
    const position = Math.max(this.#snapshot.position, ...seen);
    this.#snapshot = {
      boards: [...this.#boards.values()],
      cards: [...this.#cards.values()],
      position,
    };
    for (const listener of this.#listeners) listener();
  }

  #fold(message: Message): boolean {
    const id = idOf(message);
    const data = message.data as Record<string, unknown>;
    const card = this.#cards.get(id);
    switch (message.type) {
      case "BoardCreated":
      case "BoardRenamed":
        this.#boards.set(id, { id, name: String(data.name) });
        return true;
      case "CardCreated":
        this.#cards.set(id, {
          id,
          boardId: String(data.boardId),
          title: String(data.title),
          column: data.column as Column,
          version: message.position,
        });
        return true;
      case "CardRenamed":
        if (card)
          this.#cards.set(id, { ...card, title: String(data.title), version: message.position });
        return card !== undefined;
      case "CardMoved":
        if (card)
          this.#cards.set(id, { ...card, column: data.to as Column, version: message.position });
        return card !== undefined;
      case "CardArchived":
        return this.#cards.delete(id);
      default:
        if (card) this.#cards.set(id, { ...card, version: message.position });
        return card !== undefined;
    }
  }
}
