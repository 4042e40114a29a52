import { type FormEvent, useState } from "react";
import type { BoardView, CardRow } from "./board-view.js";
import { errorText } from "./error-text.js";
import { COLUMNS, type Column, type Kanban } from "./kanban.js";
import { useKanbanView } from "./use-view.js";

interface Notice {
  readonly id: number;
  readonly text: string;
  readonly kind: "conflict" | "error";
}

interface AppProps {
  readonly app: Kanban;
  readonly view: BoardView;
}

let noticeIds = 0;

export function App({ app, view }: AppProps) {
  const { boards, cards } = useKanbanView(view);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [notices, setNotices] = useState<readonly Notice[]>([]);
  const board = boards.find((b) => b.id === selected) ?? boards[0];

  const notify = (kind: Notice["kind"], text: string) =>
    setNotices((all) => [{ id: ++noticeIds, kind, text }, ...all].slice(0, 5));

  /** Runs a card command; a conflict with another tab reloads the card and runs it again. */
  async function onCard(row: CardRow, label: string, command: (card: CardInstance) => void) {
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
  }

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
      <BoardPicker
        app={app}
        boards={boards}
        selected={board?.id}
        onSelect={setSelected}
        onError={(text) => notify("error", text)}
      />
      {board ? (
        <section className="board" aria-label={`Board ${board.name}`}>
          <AddCard app={app} boardId={board.id} />
          <div className="columns">
            {COLUMNS.map((column) => (
              <ColumnView
                key={column}
                column={column}
                cards={cards.filter((c) => c.boardId === board.id && c.column === column)}
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

type CardInstance = InstanceType<Kanban["Card"]>;

function useFormError() {
  const [error, setError] = useState<string | undefined>(undefined);
  return { error, setError };
}

function BoardPicker(props: {
  app: Kanban;
  boards: readonly { id: string; name: string }[];
  selected: string | undefined;
  onSelect: (id: string) => void;
  onError: (text: string) => void;
}) {
  const [name, setName] = useState("");
  const { error, setError } = useFormError();
  async function create(event: FormEvent) {
    event.preventDefault();
    try {
      const board = props.app.Board.createBoard(name);
      await props.app.boards.add(board);
      setName("");
      setError(undefined);
      props.onSelect(board.id);
    } catch (e) {
      setError(errorText(e));
    }
  }
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
      <form onSubmit={create}>
        <input
          aria-label="New board name"
          placeholder="New board"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit">Create board</button>
        {error && (
          <span role="alert" className="field-error">
            {error}
          </span>
        )}
      </form>
    </nav>
  );
}

function AddCard({ app, boardId }: { app: Kanban; boardId: string }) {
  const [title, setTitle] = useState("");
  const { error, setError } = useFormError();
  async function add(event: FormEvent) {
    event.preventDefault();
    try {
      await app.cards.add(app.Card.add(boardId, title));
      setTitle("");
      setError(undefined);
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <form className="add-card" onSubmit={add}>
      <input
        aria-label="New card title"
        placeholder="What needs doing?"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <button type="submit">Add card</button>
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </form>
  );
}

function ColumnView(props: {
  column: Column;
  cards: readonly CardRow[];
  onCard: (row: CardRow, label: string, command: (card: CardInstance) => void) => void;
}) {
  const index = COLUMNS.indexOf(props.column);
  const left = COLUMNS[index - 1];
  const right = COLUMNS[index + 1];
  return (
    <section className="column" aria-label={props.column} data-column={props.column}>
      <h2>
        {props.column} <span className="count">{props.cards.length}</span>
      </h2>
      <ul>
        {props.cards.map((row) => (
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
}
