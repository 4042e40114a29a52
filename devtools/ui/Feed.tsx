import { useDeferredValue, useMemo, useState } from "react";
import type { Message } from "../../core/index.js";
import { type CommitGroup, groupCommits, matcher } from "../model/feed.js";
import { useController, usePanel } from "./context.js";
import { clock, preview } from "./format.js";
import { VirtualList } from "./VirtualList.js";

type Row = { kind: "commit"; group: CommitGroup } | { kind: "message"; message: Message };

function FeedFilters() {
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
}

/** Every stream's messages in global order, grouped by the commit that wrote them, live. */
export function Feed() {
  const controller = useController();
  // Rendered in a deferred (time-sliced) pass: see StreamView.
  const messages = useDeferredValue(usePanel((s) => s.messages));
  const filter = usePanel((s) => s.filter);
  const calls = usePanel((s) => s.calls);
  // The map is updated in place: this re-renders the feed when it changes.
  usePanel((s) => s.callsVersion);
  const [active, setActive] = useState(-1);
  const rows = useMemo(() => {
    const keep = matcher(filter);
    const out: Row[] = [];
    for (const group of groupCommits(messages.filter(keep))) {
      out.push({ kind: "commit", group });
      for (const message of group.messages) out.push({ kind: "message", message });
    }
    return out;
  }, [messages, filter]);
  const open = (index: number) => {
    const row = rows[index];
    if (row?.kind === "message")
      controller.openStream(row.message.streamName, row.message.position);
  };
  return (
    <div className="sd-pane">
      <FeedFilters />
      {rows.length === 0 ? (
        <div className="sd-empty">
          No messages{messages.length ? " match the filters" : " yet"}.
        </div>
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
          row={(index, style) => {
            const row = rows[index] as Row;
            if (row.kind === "commit") {
              // Calls are recorded by each stream's first message: the first shown one that has it.
              const call = row.group.messages.find((m) => calls.has(m.id));
              const callName = call ? calls.get(call.id) : undefined;
              return (
                <div
                  className="sd-row sd-commit"
                  style={style}
                  role="option"
                  tabIndex={-1}
                  aria-selected={false}
                  aria-disabled
                  id={`sd-feed-${index}`}
                >
                  commit · {row.group.messages.length} message
                  {row.group.messages.length === 1 ? "" : "s"} · {clock(row.group.time)}
                  {callName ? ` · ${callName}` : ""}
                </div>
              );
            }
            const m = row.message;
            return (
              <div
                id={`sd-feed-${index}`}
                className="sd-row"
                style={style}
                role="option"
                tabIndex={-1}
                aria-selected={index === active}
                data-stream={m.streamName}
                onKeyDown={(e) => e.key === "Enter" && open(index)}
                onClick={() => {
                  setActive(index);
                  open(index);
                }}
              >
                <span className="sd-num sd-cell">#{m.globalPosition}</span>
                <span className="sd-stream sd-cell">{m.streamName}</span>
                <span className="sd-type sd-cell">{m.type}</span>
                <span className="sd-time sd-cell">{clock(m.time)}</span>
                <span className="sd-grow sd-cell">{preview(m)}</span>
              </div>
            );
          }}
        />
      )}
    </div>
  );
}
