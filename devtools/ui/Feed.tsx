import { memo, useDeferredValue, useMemo, useRef } from "react";
import type { Message } from "../../core/index.js";
import type { CommitGroup, FeedFilter } from "../model/feed.js";
import { type FeedRow, type FeedRows, feedRows } from "../model/feed-rows.js";
import { useController, usePanel } from "./context.js";
import { clock, preview } from "./format.js";
import { useRowActions } from "./use-row-actions.js";
import { ListRow, ROW_HEIGHT, VirtualList } from "./VirtualList.js";

/** The feed's filters: memoized, so live updates of the list do not render them again. */
const FeedFilters = memo(function FeedFilters() {
  const controller = useController();
  const filter = usePanel((s) => s.filter);
  const paused = usePanel((s) => s.paused);
  const held = usePanel((s) => s.held);
  return (
    <div className="sd-toolbar">
      <button
        type="button"
        className="sd-btn"
        aria-pressed={paused}
        onClick={() => controller.setPaused(!paused)}
      >
        {paused ? `Resume${held ? ` (${held} new)` : ""}` : "Pause"}
      </button>
      <input
        className="sd-input"
        aria-label="Filter by stream"
        placeholder="stream"
        value={filter.stream}
        onChange={(e) => controller.setFilter({ stream: e.target.value })}
      />
      <select
        className="sd-input"
        aria-label="Event type filter mode"
        value={filter.typeMode}
        onChange={(e) =>
          controller.setFilter({ typeMode: e.target.value as "include" | "exclude" })
        }
      >
        <option value="include">only types</option>
        <option value="exclude">all but types</option>
      </select>
      <input
        className="sd-input"
        aria-label="Event types, comma separated"
        placeholder="Type, Type"
        value={filter.types.join(", ")}
        onChange={(e) =>
          controller.setFilter({
            types: e.target.value
              .split(",")
              .map((t) => t.trim())
              .filter(Boolean),
          })
        }
      />
      <input
        className="sd-input"
        aria-label="Search payloads (loaded messages)"
        placeholder="search payloads (loaded)"
        title="Searches every message the panel has loaded: the whole store as read when it opened, plus live writes."
        value={filter.text}
        onChange={(e) => controller.setFilter({ text: e.target.value })}
      />
      <input
        className="sd-input"
        type="datetime-local"
        aria-label="From time"
        onChange={(e) =>
          controller.setFilter({
            from: e.target.value ? new Date(e.target.value).getTime() : undefined,
          })
        }
      />
      <input
        className="sd-input"
        type="datetime-local"
        aria-label="To time"
        onChange={(e) =>
          controller.setFilter({
            to: e.target.value ? new Date(e.target.value).getTime() : undefined,
          })
        }
      />
    </div>
  );
});

interface RowProps {
  readonly index: number;
  readonly transform: string;
}

/** A commit's header; memoized, like the message rows, so a live frame renders only new rows. */
const CommitRow = memo(function CommitRow({
  group,
  callName,
  index,
  transform,
}: RowProps & { readonly group: CommitGroup; readonly callName: string | undefined }) {
  const count = group.messages.length;
  return (
    <div
      className="sd-row sd-commit"
      style={{ transform, height: ROW_HEIGHT }}
      role="option"
      tabIndex={-1}
      aria-selected={false}
      aria-disabled
      id={`sd-feed-${index}`}
    >
      {/* One text node, not seven: a bulk update lays out a window of new rows at a time. */}
      {`commit · ${count} message${count === 1 ? "" : "s"} · ${clock(group.time)}${callName ? ` · ${callName}` : ""}`}
    </div>
  );
});

const MessageRow = memo(function MessageRow({
  message: m,
  selected,
  onOpen,
  onChoose,
  index,
  transform,
}: RowProps & {
  readonly message: Message;
  readonly selected: boolean;
  readonly onOpen: (index: number) => void;
  readonly onChoose: (index: number) => void;
}) {
  return (
    <ListRow
      id={`sd-feed-${index}`}
      transform={transform}
      selected={selected}
      onOpen={() => onOpen(index)}
      onChoose={() => onChoose(index)}
      data-stream={m.streamName}
    >
      <span className="sd-num sd-cell">{`#${m.globalPosition}`}</span>
      <span className="sd-stream sd-cell">{m.streamName}</span>
      <span className="sd-type sd-cell">{m.type}</span>
      <span className="sd-time sd-cell">{clock(m.time)}</span>
      <span className="sd-grow sd-cell">{preview(m)}</span>
    </ListRow>
  );
});

/** Every stream's messages in global order, grouped by the commit that wrote them, live. */
export function Feed() {
  // Rendered in a deferred (time-sliced) pass: see StreamView. Both values are deferred, so the
  // urgent pass of a live update finds the list's props unchanged and skips it.
  const messages = useDeferredValue(usePanel((s) => s.messages));
  // The calls map is updated in place: its version tells the list that it changed.
  const callsVersion = useDeferredValue(usePanel((s) => s.callsVersion));
  const filter = usePanel((s) => s.filter);
  return (
    <div className="sd-pane">
      <FeedFilters />
      <FeedList messages={messages} callsVersion={callsVersion} filter={filter} />
    </div>
  );
}

const FeedList = memo(function FeedList({
  messages,
  filter,
}: {
  readonly messages: readonly Message[];
  readonly filter: FeedFilter;
  readonly callsVersion: number;
}) {
  const controller = useController();
  const calls = usePanel((s) => s.calls);
  // Live writes extend the last rows instead of grouping the whole history again.
  const last = useRef<FeedRows | undefined>(undefined);
  const rows = useMemo(() => {
    last.current = feedRows(messages, filter, last.current);
    return last.current.rows;
  }, [messages, filter]);
  const { active, setActive, open, choose } = useRowActions(rows, (row) => {
    if (row.kind === "message") controller.openStream(row.message.streamName, row.message.position);
  });
  return rows.length === 0 ? (
    <div className="sd-empty">No messages{messages.length ? " match the filters" : " yet"}.</div>
  ) : (
    <VirtualList
      count={rows.length}
      label="Global feed"
      idPrefix="sd-feed"
      active={active}
      onActive={setActive}
      onOpen={open}
      skippable={(i) => rows[i]?.kind === "commit"}
      follow
      row={(index, { transform }) => {
        const row = rows[index] as FeedRow;
        if (row.kind === "commit") {
          const { messages: shown } = row.group;
          const first = (shown[0] as Message).globalPosition;
          const last = (shown[shown.length - 1] as Message).globalPosition;
          return (
            <CommitRow
              group={row.group}
              callName={calls.within(first, last)}
              index={index}
              transform={transform}
            />
          );
        }
        return (
          <MessageRow
            message={row.message}
            selected={index === active}
            onOpen={open}
            onChoose={choose}
            index={index}
            transform={transform}
          />
        );
      }}
    />
  );
});
