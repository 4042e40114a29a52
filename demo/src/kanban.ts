// The demo's domain: boards with columns, and cards that move between them. Every command raises
// one or more events; the state of each aggregate is rebuilt from them (in every tab).
import { Domain, type EventStore } from "strata-es";
import { z } from "zod";

export const COLUMNS = ["Todo", "Doing", "Done"] as const;
export type Column = (typeof COLUMNS)[number];
const column = z.enum(COLUMNS);
const title = z.string().trim().min(1, "A title is required").max(60, "60 characters at most");

/** The kanban domain on the given store (IndexedDB in the app, memory in unit tests). */
export function kanbanDomain(eventStore: EventStore) {
  const kanban = new Domain("kanban", { eventStore, snapshotThreshold: 5 });

  const BoardCreated = kanban.event("BoardCreated", z.object({ name: title }));
  const BoardRenamed = kanban.event("BoardRenamed", z.object({ name: title }));
  const CardCreated = kanban.event("CardCreated", z.object({ boardId: z.string(), title, column }));
  const CardRenamed = kanban.event("CardRenamed", z.object({ title }));
  const CardMoved = kanban.event("CardMoved", z.object({ from: column, to: column }));
  const CardCompleted = kanban.event("CardCompleted", z.object({ at: z.coerce.date() }));
  const CardReopened = kanban.event("CardReopened", z.object({}));
  const CardArchived = kanban.event("CardArchived", z.object({}));

  class Board extends kanban.eventSourcedAggregate("Board", z.object({ name: z.string() })) {
    static createBoard(name: string) {
      const board = Board.create({ name });
      board.raise(BoardCreated({ name }));
      return board;
    }
    rename(name: string) {
      this.raise(BoardRenamed({ name }));
    }
    static {
      this.applyEvent(BoardCreated, (board, e) => {
        board.name = e.name;
      });
      this.applyEvent(BoardRenamed, (board, e) => {
        board.name = e.name;
      });
    }
  }

  class Card extends kanban.eventSourcedAggregate(
    "Card",
    z.object({
      boardId: z.string(),
      title: z.string(),
      column,
      moves: z.number().int().default(0),
      completedAt: z.date().optional(),
      archived: z.boolean().default(false),
    }),
  ) {
    static add(boardId: string, cardTitle: string, to: Column = "Todo") {
      const created = CardCreated({ boardId, title: cardTitle, column: to });
      const card = Card.create({ boardId, title: created.data.title, column: to });
      card.raise(created);
      return card;
    }
    rename(cardTitle: string) {
      this.raise(CardRenamed({ title: cardTitle }));
    }
    /** Moving to Done completes the card, moving it out of Done reopens it: two events. */
    moveTo(to: Column) {
      if (this.archived) throw new Error("An archived card cannot move.");
      if (to === this.column) return;
      const from = this.column;
      this.raise(CardMoved({ from, to }));
      if (to === "Done") this.raise(CardCompleted({ at: new Date() }));
      else if (from === "Done") this.raise(CardReopened({}));
    }
    archive() {
      if (!this.archived) this.raise(CardArchived({}));
    }
    static {
      this.applyEvent(CardCreated, (card, e) => {
        card.boardId = e.boardId;
        card.title = e.title;
        card.column = e.column;
      });
      this.applyEvent(CardRenamed, (card, e) => {
        card.title = e.title;
      });
      this.applyEvent(CardMoved, (card, e) => {
        card.column = e.to;
        card.moves += 1;
      });
      this.applyEvent(CardCompleted, (card, e) => {
        card.completedAt = e.at;
      });
      this.applyEvent(CardReopened, (card) => {
        delete card.completedAt;
      });
      this.applyEvent(CardArchived, (card) => {
        card.archived = true;
      });
    }
  }

  return {
    kanban,
    Board,
    Card,
    boards: kanban.repositoryFor(Board),
    cards: kanban.repositoryFor(Card),
  };
}

export type Kanban = ReturnType<typeof kanbanDomain>;
export type CardState = InstanceType<Kanban["Card"]>;
