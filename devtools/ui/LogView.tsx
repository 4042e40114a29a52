import type { TapRecord } from "../../core/index.js";
import { usePanel } from "./context.js";
import { clock } from "./format.js";

function describeRecord(record: TapRecord): {
  badge: string;
  level: "sd-warn" | "sd-bad";
  text: string;
} {
  switch (record.kind) {
    case "conflict":
      return {
        badge: "conflict",
        level: "sd-bad",
        text: `${record.streamName}: expected version ${record.expectedVersion}, stream at ${record.actualVersion} (${record.call})`,
      };
    case "load":
      return {
        badge: "slow load",
        level: "sd-warn",
        text: `${record.streamName}: ${record.durationMs.toFixed(1)} ms, ${record.source}, ${record.events} events to version ${record.version}`,
      };
    case "snapshotSkipped":
      return {
        badge: "snapshot skipped",
        level: "sd-warn",
        text: `${record.streamName}@${record.position}: ${record.reason}`,
      };
    case "applyFailed":
      return {
        badge: "handler failed",
        level: "sd-bad",
        text: `${record.aggregateName} ${record.type} at ${record.position}${record.streamName ? ` in ${record.streamName}` : ""}: ${record.error instanceof Error ? record.error.message : String(record.error)}`,
      };
    case "snapshotWritten":
      return {
        badge: "snapshot",
        level: "sd-warn",
        text: `${record.streamName} at ${record.version}`,
      };
    case "commit":
      return { badge: "commit", level: "sd-warn", text: record.call };
  }
}

/** Conflicts, slow loads, skipped snapshots and handler failures, newest last. */
export function LogView() {
  const log = usePanel((s) => s.log);
  return (
    <div className="sd-pane">
      <div className="sd-toolbar">
        <span>
          {log.items.length} entries{log.dropped ? ` · ${log.dropped} older dropped` : ""}
        </span>
      </div>
      {log.items.length === 0 ? (
        <div className="sd-empty">
          Nothing logged: no conflict, slow load, skipped snapshot or handler failure.
        </div>
      ) : (
        <ul className="sd-list" aria-label="Log">
          {log.items.map(({ id, record }) => {
            const { badge, level, text } = describeRecord(record);
            return (
              <li key={id} className="sd-row sd-static" data-kind={record.kind}>
                <span className="sd-time">{clock(new Date(record.time))}</span>
                <span className={`sd-badge ${level}`}>{badge}</span>
                <span className="sd-cell">{text}</span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
