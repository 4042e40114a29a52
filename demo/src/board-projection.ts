// The lists the app shows (boards, and cards by column): one projection folds the board and card
// categories in global order, live across tabs, checkpointed with its view in IndexedDB.
import { defineProjection, type Message } from "strata-es";
import type { Column, Kanban } from "./kanban.js";

export interface BoardRow {
  readonly id: string;
  readonly name: string;
}

export interface CardRow {
  readonly id: string;
  readonly boardId: string;
  readonly title: string;
  readonly column: Column;
  /** The card's `_version`: the position of its stream's last event. */
  readonly version: number;
}

export interface KanbanView {
  readonly boards: Readonly<Record<string, BoardRow>>;
  readonly boardOrder: readonly string[];
  readonly cards: Readonly<Record<string, CardRow>>;
  readonly cardOrder: readonly string[];
}

const EMPTY: KanbanView = { boards: {}, boardOrder: [], cards: {}, cardOrder: [] };
const idOf = (m: Message) => m.streamName.slice(m.streamName.indexOf("-") + 1);

/** Replaces one card's row (and nothing else, so only that card re-renders). */
function updateCard(view: KanbanView, m: Message, change: Partial<CardRow>): KanbanView {
  const card = view.cards[idOf(m)];
  if (!card) return view;
  return {
    ...view,
    cards: { ...view.cards, [card.id]: { ...card, ...change, version: m.position } },
  };
}

export function kanbanProjection(app: Kanban) {
  return defineProjection<KanbanView>(app.kanban, "kanbanBoard", {
    version: 1,
    categories: [app.Board.streamCategory, app.Card.streamCategory],
    initialState: EMPTY,
    handlers: {
      BoardCreated: (view, data: { name: string }, m) => ({
        ...view,
        boards: { ...view.boards, [idOf(m)]: { id: idOf(m), name: data.name } },
        boardOrder: [...view.boardOrder, idOf(m)],
      }),
      BoardRenamed: (view, data: { name: string }, m) => ({
        ...view,
        boards: { ...view.boards, [idOf(m)]: { id: idOf(m), name: data.name } },
      }),
      CardCreated: (view, data: { boardId: string; title: string; column: Column }, m) => ({
        ...view,
        cards: { ...view.cards, [idOf(m)]: { id: idOf(m), ...data, version: m.position } },
        cardOrder: [...view.cardOrder, idOf(m)],
      }),
      CardRenamed: (view, data: { title: string }, m) => updateCard(view, m, { title: data.title }),
      CardMoved: (view, data: { to: Column }, m) => updateCard(view, m, { column: data.to }),
      CardArchived: (view, _data, m) => {
        const { [idOf(m)]: _archived, ...cards } = view.cards;
        return { ...view, cards, cardOrder: view.cardOrder.filter((id) => id !== idOf(m)) };
      },
      // Every other card event still moves the card's version on.
      "*": (view, _data, m) => updateCard(view, m, {}),
    },
  });
}

export type KanbanProjection = ReturnType<typeof kanbanProjection>;
