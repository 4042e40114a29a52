import { memo, useDeferredValue, useMemo, useState } from "react";
import { categoryOf, idOf, type Message, snapshotStreamName } from "../../core/store-kit.js";
import { type Change, diff } from "../model/equal.js";
import { checkSnapshots, revivedData, StateRebuilder } from "../model/rebuild.js";
import { specText } from "../model/spec-text.js";
import { correlationOf, correlationTrace } from "../model/trace.js";
import { useController, usePanel } from "./context.js";
import { clock, since } from "./format.js";
import { RemoteStateView } from "./RemoteStateView.js";
import { ReplayFailureNote } from "./ReplayFailureNote.js";
import { ValueTree } from "./ValueTree.js";
import { ListRow, VirtualList } from "./VirtualList.js";

const NO_EVENTS: readonly Message[] = [];

function Changes({
  changes,
  label,
  onPin,
}: {
  changes: readonly Change[];
  label: string;
  onPin?: (path: readonly string[]) => void;
}) {
  if (changes.length === 0) return <div className="sd-kind">no change</div>;
  return (
    <ul className="sd-tree" aria-label={label}>
      {changes.map((c) => (
        <li key={c.path.join("/")} data-path={c.path.join(".")}>
          {onPin ? (
            <button
              type="button"
              className="sd-link"
              aria-label={`Pin ${c.path.join(".")}`}
              onClick={() => onPin(c.path)}
            >
              pin
            </button>
          ) : null}{" "}
          <span className="sd-key">{c.path.join(".") || "(state)"}</span>:{" "}
          <span className="sd-diff-del">{c.kind === "added" ? "(absent)" : text(c.before)}</span> →{" "}
          <span className="sd-diff-add">{c.kind === "removed" ? "(absent)" : text(c.after)}</span>
        </li>
      ))}
    </ul>
  );
}

function text(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) return `Map(${value.size})`;
  if (value instanceof Set) return `Set(${value.size})`;
  if (value === undefined) return "undefined";
  return JSON.stringify(value);
}

/** Shown at most; the count says how many more share the correlation. */
const TRACE_ROWS = 200;

/** Every event, across streams, that shares the selected event's correlation, each a link. */
function CorrelationTrace({ correlation, current }: { correlation: string; current: Message }) {
  const controller = useController();
  const messages = usePanel((s) => s.messages);
  const trace = useMemo(() => correlationTrace(messages, correlation), [messages, correlation]);
  return (
    <section aria-label="Correlation trace">
      <h4 className="sd-h">
        Correlation {correlation}: {trace.length} event{trace.length === 1 ? "" : "s"}
      </h4>
      <ol className="sd-tree">
        {trace.slice(0, TRACE_ROWS).map((m) => (
          <li key={m.globalPosition}>
            <span className="sd-num">#{m.globalPosition}</span>{" "}
            {m === current ? (
              <strong aria-current="true">
                {m.streamName}@{m.position} {m.type}
              </strong>
            ) : (
              <button
                type="button"
                className="sd-link"
                onClick={() => controller.openStream(m.streamName, m.position)}
              >
                {m.streamName}@{m.position} {m.type}
              </button>
            )}{" "}
            <span className="sd-time">{clock(m.time)}</span>
          </li>
        ))}
      </ol>
      {trace.length > TRACE_ROWS ? (
        <div className="sd-kind">and {trace.length - TRACE_ROWS} more</div>
      ) : null}
    </section>
  );
}

function Detail({ message }: { message: Message }) {
  const controller = useController();
  const metadata = message.metadata;
  const correlation = correlationOf(message);
  const causationStream = metadata?.causationMessageStreamName;
  const causationPosition = metadata?.causationMessagePosition;
  return (
    <section aria-label="Event detail">
      <h3 className="sd-h">
        {message.type} · position {message.position} · global {message.globalPosition}
      </h3>
      <div className="sd-kind">
        {message.time.toISOString()} · id {message.id}
      </div>
      <h4 className="sd-h">data</h4>
      <ValueTree value={revivedData(message)} />
      <h4 className="sd-h">metadata</h4>
      <ValueTree value={metadata} />
      {correlation ? <CorrelationTrace correlation={correlation} current={message} /> : null}
      {typeof causationStream === "string" && typeof causationPosition === "number" ? (
        <div>
          caused by{" "}
          <button
            type="button"
            className="sd-link"
            onClick={() => controller.openStream(causationStream, causationPosition)}
          >
            {causationStream}@{causationPosition}
          </button>
        </div>
      ) : null}
    </section>
  );
}

interface TimelineRowProps {
  readonly message: Message;
  readonly index: number;
  readonly previousTime: number | undefined;
  readonly transform: string;
  readonly selected: boolean;
  readonly snapshot: boolean;
  readonly unknown: boolean;
  readonly failed: boolean;
  readonly skipped: boolean;
  readonly onSelect: (index: number) => void;
}

/** A timeline row; memoized so scrolling renders only the rows that come into view. */
const TimelineRow = memo(function TimelineRow({
  message: m,
  index,
  previousTime,
  transform,
  selected,
  snapshot,
  unknown,
  failed,
  skipped,
  onSelect,
}: TimelineRowProps) {
  return (
    <ListRow
      id={`sd-timeline-${index}`}
      transform={transform}
      selected={selected}
      onOpen={() => onSelect(index)}
      onChoose={() => onSelect(index)}
      data-position={m.position}
    >
      <span className="sd-num sd-cell">{m.position}</span>
      <span className="sd-type sd-cell">{m.type}</span>
      <span className="sd-time sd-cell">{clock(m.time)}</span>
      <span className="sd-time sd-cell">
        {previousTime === undefined ? "" : since(m.time.getTime() - previousTime)}
      </span>
      <span className="sd-num sd-cell">#{m.globalPosition}</span>
      <span className="sd-grow sd-cell">
        {snapshot ? <span className="sd-badge sd-snap">snapshot</span> : null}{" "}
        {unknown ? <span className="sd-badge sd-bad">unknown type</span> : null}
        {failed ? <span className="sd-badge sd-bad">handler failed</span> : null}
        {skipped ? <span className="sd-badge sd-warn">skipped</span> : null}
      </span>
    </ListRow>
  );
});

/** One stream: its timeline, the selected event, the state at that version and its snapshots checked. */
export function StreamView() {
  const controller = useController();
  const stream = usePanel((s) => s.selectedStream);
  // A store update renders synchronously (useSyncExternalStore); the new messages render in a
  // deferred pass that React splits into short slices, so a large read is no long task.
  const messages = useDeferredValue(usePanel((s) => s.messages));
  const selected = usePanel((s) => s.selectedPosition);
  const skip = usePanel((s) => s.skip);
  const copied = usePanel((s) => s.copied);
  const [pinned, setPinned] = useState<readonly string[] | undefined>(undefined);
  const category = stream ? categoryOf(stream) : "";
  const id = (stream && idOf(stream)) || "";
  const Class = controller.domain.aggregateClasses.get(category);
  const events = useMemo(() => messages.filter((m) => m.streamName === stream), [messages, stream]);
  const snapshots = useMemo(() => {
    // Without the class (the Node bridge) snapshots are still marked by their stream's name.
    const name = Class || controller.remote ? snapshotStreamName(category, id) : "";
    return messages.filter((m) => m.streamName === name);
  }, [messages, Class, category, id, controller]);
  // The timeline paints first; the replay behind the state pane follows in a deferred render.
  const replayed = useDeferredValue(events, NO_EVENTS);
  const rebuilder = useMemo(
    () => (Class ? new StateRebuilder(Class, id, replayed) : undefined),
    [Class, id, replayed],
  );
  const last = events.length - 1;
  const position = selected === undefined || selected > last ? last : selected;
  const failure = useMemo(() => rebuilder?.stateAt(last).failure, [rebuilder, last]);
  const pinnedVersions = useMemo(
    () => (rebuilder && pinned ? rebuilder.versionsChanging(pinned) : []),
    [rebuilder, pinned],
  );
  const snapshotAt = useMemo(
    () => new Set(snapshots.map((s) => Number(s.metadata?.version))),
    [snapshots],
  );
  const checks = useMemo(
    () => (rebuilder ? checkSnapshots(rebuilder, snapshots) : []),
    [rebuilder, snapshots],
  );
  if (!stream)
    return <div className="sd-empty">Choose a stream in the feed or the streams list.</div>;
  const current = events[position];
  const rebuilt = rebuilder && position >= 0 ? rebuilder.stateAt(position) : undefined;
  const changes = rebuilder && position >= 0 ? rebuilder.changesAt(position) : [];
  const skipped = rebuilder && skip !== undefined ? rebuilder.stateAt(last, skip) : undefined;
  return (
    <div className="sd-body">
      <div className="sd-pane">
        <div className="sd-toolbar">
          <strong>{stream}</strong>
          <span>
            {events.length} events · version {last}
          </span>
          {Class || controller.remote ? null : (
            <span className="sd-badge sd-warn">no aggregate for category {category}</span>
          )}
          {Class ? (
            <button
              type="button"
              className="sd-btn"
              onClick={() => {
                const text = specText(
                  controller.domain,
                  Class,
                  events,
                  position,
                  controller.copyAsTest,
                );
                controller.store.setState({ copied: text });
                void navigator.clipboard?.writeText(text).catch(() => {});
              }}
            >
              Copy as test
            </button>
          ) : null}
        </div>
        <VirtualList
          count={events.length}
          label={`Timeline of ${stream}`}
          idPrefix="sd-timeline"
          active={position}
          onActive={(i) => controller.select(i)}
          row={(index, style) => {
            const m = events[index] as Message;
            return (
              <TimelineRow
                message={m}
                index={index}
                previousTime={events[index - 1]?.time.getTime()}
                transform={style.transform}
                selected={index === position}
                snapshot={snapshotAt.has(m.position)}
                unknown={Class !== undefined && !Class.handlers.has(m.type)}
                failed={failure?.position === m.position}
                skipped={skip === m.position}
                onSelect={controller.select}
              />
            );
          }}
        />
      </div>
      {replayed === NO_EVENTS && events.length > 0 ? (
        // The first paint of a stream: the timeline now, its detail and states in the next task.
        <div className="sd-side sd-kind">Replaying {events.length} events…</div>
      ) : (
        <div className="sd-side">
          {copied ? (
            <section aria-label="Copied test">
              <h3 className="sd-h">
                Copied as a test{" "}
                <button
                  type="button"
                  className="sd-btn"
                  onClick={() => controller.store.setState({ copied: undefined })}
                >
                  Hide
                </button>
              </h3>
              <pre className="sd-str">{copied}</pre>
            </section>
          ) : null}
          {current ? <Detail message={current} /> : null}
          {rebuilder ? (
            <section aria-label="State at version">
              <h3 className="sd-h">State at version {position}</h3>
              <div className="sd-scrub">
                <button
                  type="button"
                  className="sd-btn"
                  aria-label="Previous version"
                  disabled={position <= 0}
                  onClick={() => controller.select(position - 1)}
                >
                  ◀
                </button>
                <input
                  type="range"
                  min={0}
                  max={Math.max(last, 0)}
                  value={Math.max(position, 0)}
                  aria-label="Version"
                  onChange={(e) => controller.select(Number(e.target.value))}
                />
                <button
                  type="button"
                  className="sd-btn"
                  aria-label="Next version"
                  disabled={position >= last}
                  onClick={() => controller.select(position + 1)}
                >
                  ▶
                </button>
              </div>
              <ReplayFailureNote failure={rebuilt?.failure} />
              <div data-testid="state">
                {rebuilt ? <ValueTree value={rebuilt.state} label="state" /> : null}
              </div>
              <h4 className="sd-h">
                Diff {position - 1} → {position}
              </h4>
              <Changes changes={changes} label="Diff" onPin={setPinned} />
              {pinned ? (
                <section aria-label="Pinned path">
                  <span className="sd-key">{pinned.join(".")}</span> changed at versions{" "}
                  {pinnedVersions.map((v, i) => (
                    <span key={v}>
                      {i > 0 ? ", " : ""}
                      <button
                        type="button"
                        className="sd-link"
                        onClick={() => controller.select(v)}
                      >
                        {v}
                      </button>
                    </span>
                  ))}{" "}
                  <button type="button" className="sd-btn" onClick={() => setPinned(undefined)}>
                    Unpin
                  </button>
                </section>
              ) : null}
              <h4 className="sd-h">Skip and replay</h4>
              <label>
                <input
                  type="checkbox"
                  checked={skip === position}
                  onChange={(e) => controller.setSkip(e.target.checked ? position : undefined)}
                />{" "}
                skip event {position} and replay to {last}
              </label>
              {skipped ? (
                <div>
                  <div className="sd-kind">
                    Latest state without event {skip}, compared with the real one:
                  </div>
                  <Changes
                    changes={diff(rebuilder.stateAt(last).state, skipped.state)}
                    label="Skip difference"
                  />
                  {skipped.failure ? (
                    <div className="sd-error">
                      Replay without it stopped: {skipped.failure.message}
                    </div>
                  ) : null}
                </div>
              ) : null}
              <h3 className="sd-h">Snapshots checked against replay</h3>
              {checks.length === 0 ? (
                <div className="sd-kind">no snapshot</div>
              ) : (
                <table className="sd-table" aria-label="Snapshot check">
                  <thead>
                    <tr>
                      <th scope="col">at version</th>
                      <th scope="col">schema</th>
                      <th scope="col">result</th>
                    </tr>
                  </thead>
                  <tbody>
                    {checks.map((c) => (
                      <tr key={c.position}>
                        <td>{c.version}</td>
                        <td>{String(c.schemaVersion)}</td>
                        <td>
                          <span className={`sd-badge ${c.status === "ok" ? "sd-snap" : "sd-bad"}`}>
                            {c.status}
                          </span>{" "}
                          {c.changes.map((ch) => ch.path.join(".")).join(", ")}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          ) : stream ? (
            <RemoteStateView stream={stream} version={position} />
          ) : null}
        </div>
      )}
    </div>
  );
}
