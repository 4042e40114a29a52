import { Profiler, useDeferredValue, useEffect } from "react";
import type { Domain } from "../../core/index.js";
import type { Redactor } from "../model/codec.js";
import { exportNdjson, parseNdjson } from "../model/codec.js";
import { matcher } from "../model/feed.js";
import type { PanelController } from "../model/panel-store.js";
import type { Tab } from "../model/prefs.js";
import { replicateDomain } from "../model/replica.js";
import { ControllerContext, useController, usePanel } from "./context.js";
import { FaultsView } from "./FaultsView.js";
import { Feed } from "./Feed.js";
import { LogView } from "./LogView.js";
import { Streams } from "./Streams.js";
import { StreamView } from "./StreamView.js";

const tabs: { id: Tab; label: string }[] = [
  { id: "feed", label: "Feed" },
  { id: "streams", label: "Streams" },
  { id: "stream", label: "Stream" },
  { id: "log", label: "Log" },
  { id: "faults", label: "Faults" },
];

/** Offers `text` as a file download (no DOM insertion: the anchor is never attached). */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/x-ndjson" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface PanelChrome {
  readonly redact?: Redactor | undefined;
  readonly onClose?: (() => void) | undefined;
  readonly onPopOut?: (() => void) | undefined;
}

function Header({ redact, onClose, onPopOut }: PanelChrome) {
  const controller = useController();
  const tab = usePanel((s) => s.preferences.tab);
  const theme = usePanel((s) => s.preferences.theme);
  const domainIndex = usePanel((s) => s.domainIndex);
  // Deferred like the feed's rows, so a live update that also logs (a snapshot written) paints
  // one frame, not one for this count and another for the rows.
  const lastLog = useDeferredValue(usePanel((s) => s.log.items.length));
  const onTabKey = (event: React.KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.id === tab);
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length] as (typeof tabs)[number];
    controller.setTab(next.id);
    const root = (event.currentTarget as HTMLElement).querySelector<HTMLElement>(
      `#sd-tab-${next.id}`,
    );
    root?.focus();
  };
  const exportFeed = () => {
    const { messages, filter, selectedStream } = controller.store.getState();
    const keep = matcher(filter);
    const chosen =
      tab === "stream" && selectedStream
        ? messages.filter((m) => m.streamName === selectedStream)
        : messages.filter(keep);
    const name = tab === "stream" && selectedStream ? selectedStream : controller.domain.name;
    download(`${name}.ndjson`, exportNdjson(chosen, redact));
  };
  return (
    <div className="sd-header">
      <span className="sd-title">Strata</span>
      {controller.domains.length > 1 ? (
        <select
          className="sd-input"
          aria-label="Domain"
          value={domainIndex}
          onChange={(e) => controller.selectDomain(Number(e.target.value))}
        >
          {controller.domains.map((d, i) => (
            <option key={d.name} value={i}>
              {d.name}
            </option>
          ))}
        </select>
      ) : (
        <span className="sd-kind">{controller.domain.name}</span>
      )}
      <div className="sd-tabs" role="tablist" aria-label="Views" onKeyDown={onTabKey}>
        {tabs.map((t) => (
          <button
            type="button"
            key={t.id}
            id={`sd-tab-${t.id}`}
            className="sd-tab"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls="sd-tabpanel"
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => controller.setTab(t.id)}
          >
            {t.label}
            {t.id === "log" && lastLog ? ` (${lastLog})` : ""}
          </button>
        ))}
      </div>
      <span className="sd-spacer" />
      <button type="button" className="sd-btn" onClick={exportFeed}>
        Export NDJSON
      </button>
      <label className="sd-btn">
        Import NDJSON
        <input
          type="file"
          className="sd-hidden"
          accept=".ndjson,.jsonl,application/x-ndjson,text/plain"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            try {
              const messages = parseNdjson(await file.text());
              controller.showReplica(
                await replicateDomain(controller.domains[domainIndex] as Domain, messages),
                `${file.name} (${messages.length} messages)`,
              );
            } catch (error) {
              controller.store.setState({ error: (error as Error).message });
            }
            e.target.value = "";
          }}
        />
      </label>
      <button
        type="button"
        className="sd-btn"
        aria-label={`Switch to ${theme === "dark" ? "light" : "dark"} theme`}
        onClick={() => controller.setPreferences({ theme: theme === "dark" ? "light" : "dark" })}
      >
        {theme === "dark" ? "Light" : "Dark"}
      </button>
      {onPopOut ? (
        <button type="button" className="sd-btn" onClick={onPopOut}>
          Pop out
        </button>
      ) : null}
      {onClose ? (
        <button type="button" className="sd-btn" aria-label="Close devtools" onClick={onClose}>
          ✕
        </button>
      ) : null}
    </div>
  );
}

function Body() {
  const tab = usePanel((s) => s.preferences.tab);
  switch (tab) {
    case "feed":
      return <Feed />;
    case "streams":
      return <Streams />;
    case "stream":
      return <StreamView />;
    case "log":
      return <LogView />;
    case "faults":
      return <FaultsView />;
  }
}

function Status() {
  const controller = useController();
  const error = usePanel((s) => s.error);
  const imported = usePanel((s) => s.imported);
  const loading = usePanel((s) => s.loading);
  const offline = usePanel((s) => s.offline);
  const armed = usePanel((s) => s.conflictArmed);
  return (
    <>
      {imported ? (
        <div className="sd-banner" role="status">
          Viewing import {imported}
          <button type="button" className="sd-btn" onClick={() => controller.showLive()}>
            Back to live
          </button>
        </div>
      ) : null}
      {offline || armed ? (
        <div className="sd-banner" role="status">
          Fault injected:{" "}
          {[offline ? "store offline" : "", armed ? "next add conflicts" : ""]
            .filter(Boolean)
            .join(", ")}
        </div>
      ) : null}
      {error ? (
        <div className="sd-error" role="alert">
          {error}
        </div>
      ) : null}
      {loading ? <div className="sd-kind">Reading the store…</div> : null}
    </>
  );
}

/** The whole panel, connected to the store while it is mounted. */
export function Panel({ controller, ...chrome }: PanelChrome & { controller: PanelController }) {
  useEffect(() => {
    controller.connect();
    return () => controller.disconnect();
  }, [controller]);
  return (
    <ControllerContext.Provider value={controller}>
      {/* What a render costs paces live updates (PanelController.rendered). */}
      <Profiler id="strata-devtools" onRender={(_id, _phase, ms) => controller.rendered(ms)}>
        <Themed>
          <Header {...chrome} />
          <Status />
          <div
            className="sd-body"
            role="tabpanel"
            id="sd-tabpanel"
            aria-label="Strata devtools view"
          >
            <Body />
          </div>
        </Themed>
      </Profiler>
    </ControllerContext.Provider>
  );
}

function Themed({ children }: { children: React.ReactNode }) {
  const theme = usePanel((s) => s.preferences.theme);
  return (
    <div className="sd-root" data-theme={theme}>
      {children}
    </div>
  );
}
