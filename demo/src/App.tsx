import { memo, useState } from "react";
import { useCommand, useProjection } from "strata-es/react";
import type { CardRow, KanbanProjection, KanbanView } from "./board-projection.js";
import { errorText } from "./error-text.js";
import { COLUMNS, type Column, type Kanban } from "./kanban.js";

interface Notice {
  readonly id: number;
  readonly text: string;
  readonly kind: "conflict" | "error";
}

type CardInstance = InstanceType<Kanban["Card"]>;
type CardCommand = (row: CardRow, label: string, command: (card: CardInstance) => void) => void;

interface AppProps {
  readonly app: Kanban;
  readonly view: KanbanProjection;
}

let noticeIds = 0;
const sameItems = <T,>(a: readonly T[], b: readonly T[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);

export function App({ app, view }: AppProps) {
  const boards = useProjection(view, (v) => v.boardOrder.map((id) => v.boards[id]), sameItems);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [notices, setNotices] = useState<readonly Notice[]>([]);

  const notify = (kind: Notice["kind"], text: string) =>
    setNotices((all) => [{ id: ++noticeIds, kind, text }, ...all].slice(0, 5));

  /** Runs a card command; a conflict with another tab reloads the card and runs it again. */
  const onCard: CardCommand = async (row, label, command) => {
    let attempts = 0;
    try {
      const after = await app.cards.transact(row.id, (card) => {
        attempts += 1;
        command(card);
        return { column: card.column, version: card._version };
      });
      if (attempts > 1) {
        notify(
          "conflict",
          `"${row.title}" was changed in another tab, so this tab's copy was out of date (a version conflict). Strata reloaded it and ran "${label}" again: now in ${after.column} at v${after.version}.`,
        );
      }
    } catch (error) {
      notify("error", `${label}: ${errorText(error)}`);
    }
  };

  if (boards.status === "pending") return <p className="app">Loading…</p>;
  if (boards.status === "error") return <p role="alert">{boards.error.message}</p>;
  const list = boards.data.filter((b) => b !== undefined);
  const board = list.find((b) => b.id === selected) ?? list[0];

  return (
    <div className="app">
      <header>
        <h1>Strata kanban</h1>
        <p>
          Every board and card is an event-sourced aggregate stored in this browser's IndexedDB.
          Open a second tab: changes show up in both, and a card moved in both at once is resolved
          by reloading and retrying.
        </p>
      </header>
      <BoardPicker app={app} boards={list} selected={board?.id} onSelect={setSelected} />
      {board ? (
        <section className="board" aria-label={`Board ${board.name}`}>
          <AddCard app={app} boardId={board.id} />
          <div className="columns">
            {COLUMNS.map((column) => (
              <ColumnView
                key={column}
                view={view}
                boardId={board.id}
                column={column}
                onCard={onCard}
              />
            ))}
          </div>
        </section>
      ) : (
        <p className="empty">Create a board to start.</p>
      )}
      <section className="notices" aria-label="Activity" aria-live="polite">
        {notices.map((n) => (
          <p key={n.id} className={`notice ${n.kind}`} data-testid={`notice-${n.kind}`}>
            {n.text}
          </p>
        ))}
      </section>
    </div>
  );
}

/** A form's error line: the schema's messages for bad input, or the error's own message. */
function FormError({ issues, error }: { issues: readonly { message: string }[]; error: unknown }) {
  const text =
    issues.length > 0 ? issues.map((i) => i.message).join("; ") : error ? errorText(error) : "";
  return text ? (
    <span role="alert" className="field-error">
      {text}
    </span>
  ) : null;
}

function BoardPicker(props: {
  app: Kanban;
  boards: readonly { id: string; name: string }[];
  selected: string | undefined;
  onSelect: (id: string) => void;
}) {
  const { app } = props;
  const [name, setName] = useState("");
  const create = useCommand(async (boardName: string) => {
    const board = app.Board.createBoard(boardName);
    await app.boards.add(board);
    return board.id;
  });
  return (
    <nav className="boards" aria-label="Boards">
      {props.boards.map((b) => (
        <button
          key={b.id}
          type="button"
          aria-pressed={b.id === props.selected}
          onClick={() => props.onSelect(b.id)}
        >
          {b.name}
        </button>
      ))}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutateAsync(name).then(
            (id) => {
              setName("");
              props.onSelect(id);
            },
            () => {},
          );
        }}
      >
        <input
          aria-label="New board name"
          placeholder="New board"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit">Create board</button>
        <FormError issues={create.issues} error={create.error} />
      </form>
    </nav>
  );
}

function AddCard({ app, boardId }: { app: Kanban; boardId: string }) {
  const [title, setTitle] = useState("");
  const add = useCommand(async (cardTitle: string) =>
    app.cards.add(app.Card.add(boardId, cardTitle)),
  );
  return (
    <form
      className="add-card"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutateAsync(title).then(
          () => setTitle(""),
          () => {},
        );
      }}
    >
      <input
        aria-label="New card title"
        placeholder="What needs doing?"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <button type="submit">Add card</button>
      <FormError issues={add.issues} error={add.error} />
    </form>
  );
}

const cardsIn = (v: KanbanView, boardId: string, column: Column) =>
  v.cardOrder
    .map((id) => v.cards[id])
    .filter((c): c is CardRow => c !== undefined && c.boardId === boardId && c.column === column);

const ColumnView = memo(function ColumnView(props: {
  view: KanbanProjection;
  boardId: string;
  column: Column;
  onCard: CardCommand;
}) {
  // Re-renders only when a card of this column changes.
  const cards = useProjection(
    props.view,
    (v) => cardsIn(v, props.boardId, props.column),
    sameItems,
  );
  const index = COLUMNS.indexOf(props.column);
  const left = COLUMNS[index - 1];
  const right = COLUMNS[index + 1];
  const rows = cards.data ?? [];
  return (
    <section className="column" aria-label={props.column} data-column={props.column}>
      <h2>
        {props.column} <span className="count">{rows.length}</span>
      </h2>
      <ul>
        {rows.map((row) => (
          <li key={row.id} className="card" data-card={row.title}>
            <span className="title">{row.title}</span>
            <span className="version" title="The card's _version (its stream's last position)">
              v{row.version}
            </span>
            <span className="actions">
              {left && (
                <button
                  type="button"
                  aria-label={`Move ${row.title} to ${left}`}
                  onClick={() => props.onCard(row, `move to ${left}`, (c) => c.moveTo(left))}
                >
                  ←
                </button>
              )}
              {right && (
                <button
                  type="button"
                  aria-label={`Move ${row.title} to ${right}`}
                  onClick={() => props.onCard(row, `move to ${right}`, (c) => c.moveTo(right))}
                >
                  →
                </button>
              )}
              <button
                type="button"
                aria-label={`Archive ${row.title}`}
                onClick={() => props.onCard(row, "archive", (c) => c.archive())}
              >
                ×
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
});
