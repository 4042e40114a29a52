import { createStore, type StoreApi } from "zustand/vanilla";
import type { Domain, EventStore, Message, TapRecord } from "../../core/index.js";
import { CallLog, type CallLookup } from "./call-log.js";
import { FaultInjector } from "./faults.js";
import {
  emptyFilter,
  type FeedFilter,
  knownCategories,
  readAll,
  type StreamSummary,
  summarize,
} from "./feed.js";
import type { PanelSource } from "./panel-source.js";
import { loadPreferences, type Preferences, savePreferences, type Tab } from "./prefs.js";
import { emptyRing, pushRingAll, type Ring } from "./ring.js";
import type { SpecTextOptions } from "./spec-text.js";

/** One line of the panel's log: a conflict, a slow load, a skipped snapshot, a handler failure. */
export interface LogEntry {
  readonly id: number;
  readonly record: TapRecord;
}

/** Options shared by every way of mounting the panel. */
export interface PanelOptions {
  /** Loads slower than this (ms) go to the log (default 50). */
  readonly slowLoadMs?: number;
  /** Entries the log keeps before it drops the oldest (default 500). */
  readonly logCapacity?: number;
  /**
   * Called with the copy of the domain an NDJSON import made (a MemoryEventStore with the file's
   * messages, the app's own aggregate classes): run commands against it to reproduce a bug.
   */
  readonly onImport?: (replica: Domain) => void;
  /**
   * How "Copy as test" writes its imports: the module exporting the aggregate class and the event
   * types by name (default `./<domain name>.js`), and the runner (default vitest).
   */
  readonly copyAsTest?: SpecTextOptions;
  /** Reads through a remote source (the Node bridge) instead of the domain's categories. */
  readonly source?: PanelSource;
}

export interface PanelState {
  readonly domainIndex: number;
  readonly loading: boolean;
  readonly error: string | undefined;
  /** Every message read from the store or heard since, in global order. */
  readonly messages: readonly Message[];
  readonly streams: ReadonlyMap<string, StreamSummary>;
  /** Which call wrote each commit the tap saw, by global position; one log, updated in place. */
  readonly calls: CallLookup;
  /** Bumped when `calls` changes, so views that read it render again. */
  readonly callsVersion: number;
  readonly log: Ring<LogEntry>;
  readonly paused: boolean;
  /** Messages heard while paused, shown on resume. */
  readonly held: number;
  readonly filter: FeedFilter;
  readonly selectedStream: string | undefined;
  readonly selectedPosition: number | undefined;
  readonly skip: number | undefined;
  readonly offline: boolean;
  readonly conflictArmed: boolean;
  /** Set while the panel shows the memory copy an NDJSON import made instead of the live store. */
  readonly imported: string | undefined;
  /** The last text made by "Copy as test" (also put on the clipboard where allowed). */
  readonly copied: string | undefined;
  readonly preferences: Preferences;
}

/**
 * The panel's state and its connection to one domain at a time. It listens only while connected
 * (an open panel); live messages are applied at most once per frame.
 */
export class PanelController {
  readonly store: StoreApi<PanelState>;
  readonly #options: PanelOptions;
  #disconnect: (() => void) | undefined;
  /**
   * Messages the store reported since the last frame, in one array: the store's own per-append
   * arrays are not kept, so they die young instead of being promoted while a bulk update waits.
   */
  #incoming: Message[] = [];
  /** Messages heard while paused, kept the same way. */
  #held: Message[] = [];
  #heldChanged = false;
  #paused = false;
  /** Live messages shown while a full read is in flight: the read may have started before they were written. */
  #heardDuringReload: Message[] = [];
  #frame: number | undefined;
  /** A flush waiting for the render budget (see `rendered`). */
  #budgetTimer: ReturnType<typeof setTimeout> | undefined;
  #lastFlushAt = Number.NEGATIVE_INFINITY;
  /** Until the views report a render (React's Profiler is silent in production builds). */
  #gapMs = UNMEASURED_LIVE_GAP_MS;
  #renderMsSinceFlush = 0;
  /** The last update applied a burst of writes (see BURST_MESSAGES). */
  #burst = false;
  #logId = 0;
  #faults = new Map<EventStore, FaultInjector>();
  #replica: Domain | undefined;
  readonly #calls = new CallLog();
  /** Since the last frame: log records. */
  #logged: TapRecord[] = [];

  constructor(
    readonly domains: readonly Domain[],
    options: PanelOptions = {},
  ) {
    this.#options = options;
    const preferences = loadPreferences();
    this.store = createStore<PanelState>(() => ({
      domainIndex: 0,
      loading: false,
      error: undefined,
      messages: [],
      streams: new Map(),
      calls: this.#calls,
      callsVersion: 0,
      log: emptyRing(),
      paused: false,
      held: 0,
      filter: emptyFilter,
      selectedStream: undefined,
      selectedPosition: undefined,
      skip: undefined,
      offline: false,
      conflictArmed: false,
      imported: undefined,
      copied: undefined,
      preferences: preferences.tab === "stream" ? { ...preferences, tab: "streams" } : preferences,
    }));
  }

  /** The chosen domain: its aggregate classes and event types rebuild states (of an import too). */
  get domain(): Domain {
    return this.domains[this.store.getState().domainIndex] as Domain;
  }

  /** What "Copy as test" imports from. */
  get copyAsTest(): SpecTextOptions {
    return this.#options.copyAsTest ?? { module: `./${this.domain.name}.js` };
  }

  /** The memory copy of the domain the last import made, while the panel shows it. */
  get replica(): Domain | undefined {
    return this.#replica;
  }

  /** The store the panel reads: the domain's, or the import's memory store. */
  get source(): EventStore {
    return (this.#replica ?? this.domain).eventStore;
  }

  /** The remote source the panel reads (the Node bridge), unless it shows an import. */
  get remote(): PanelSource | undefined {
    return this.#replica ? undefined : this.#options.source;
  }

  get connected(): boolean {
    return this.#disconnect !== undefined;
  }

  /** Reads the whole store and starts listening to the store and the domain's tap. */
  connect(): void {
    if (this.#disconnect) return;
    const domain = this.domain;
    const store = this.source;
    const unsubscribeStore = store.subscribe((messages) => this.#hear(messages));
    const unsubscribeTap = (this.#replica ?? domain).tap.subscribe((record) => this.#tap(record));
    this.#disconnect = () => {
      unsubscribeStore();
      unsubscribeTap();
      if (this.#frame !== undefined) cancelFrame(this.#frame);
      this.#frame = undefined;
      clearTimeout(this.#budgetTimer);
      this.#budgetTimer = undefined;
    };
    void this.reload();
  }

  disconnect(): void {
    this.#disconnect?.();
    this.#disconnect = undefined;
  }

  /** Reads every message again (the feed starts over; the log is kept). */
  async reload(): Promise<void> {
    const store = this.source;
    this.store.setState({ loading: true, error: undefined });
    this.#heardDuringReload = [];
    try {
      const remote = this.remote;
      const read = remote
        ? await remote.readInitial()
        : await readAll(store, knownCategories(this.domain));
      // Indexing and rendering each get a task of their own, so the first paint of a large store is
      // several short tasks (the last read batch, the summaries, then React) rather than one long one.
      await yieldToPage();
      if (store !== this.source) return;
      let messages = mergeByPosition(read, this.#heardDuringReload);
      const streams = new Map<string, StreamSummary>();
      summarize(messages, streams, this.#measuring);
      await yieldToPage();
      if (store !== this.source) return;
      // Live messages shown during that last yield are not in the read either.
      const late = this.#heardDuringReload.filter(
        (m) => indexOfPosition(messages, m.globalPosition) < 0,
      );
      this.#heardDuringReload = [];
      if (late.length > 0) {
        messages = mergeByPosition(messages, late);
        summarize(late, streams, this.#measuring);
      }
      this.store.setState({ messages, streams, loading: false });
      // The streams view may have opened while the summaries were made without bytes.
      if (this.#measuring) this.#measureBytes();
    } catch (error) {
      this.store.setState({ loading: false, error: (error as Error).message });
    }
  }

  selectDomain(index: number): void {
    const connected = this.connected;
    this.disconnect();
    this.#replica = undefined;
    this.store.setState({
      domainIndex: index,
      messages: [],
      streams: new Map(),
      selectedStream: undefined,
      selectedPosition: undefined,
      imported: undefined,
      ...this.#faultState(),
    });
    if (connected) this.connect();
  }

  /**
   * Shows `replica` (a memory copy of the domain made by `replicateDomain` from an import) instead
   * of the live store, until `showLive`; the app gets it through `onImport`.
   */
  showReplica(replica: Domain, label: string): void {
    this.disconnect();
    this.#replica = replica;
    this.store.setState({
      imported: label,
      selectedStream: undefined,
      selectedPosition: undefined,
      ...this.#faultState(),
    });
    this.connect();
    this.#options.onImport?.(replica);
  }

  showLive(): void {
    this.disconnect();
    this.#replica = undefined;
    this.store.setState({
      imported: undefined,
      selectedStream: undefined,
      selectedPosition: undefined,
      ...this.#faultState(),
    });
    this.connect();
  }

  setPaused(paused: boolean): void {
    this.#paused = paused;
    this.store.setState({ paused });
    if (!paused && this.#held.length > 0) {
      this.#incoming = this.#incoming.concat(this.#held);
      this.#held = [];
      this.store.setState({ held: 0 });
      this.#schedule();
    }
  }

  setFilter(filter: Partial<FeedFilter>): void {
    this.store.setState((s) => ({ filter: { ...s.filter, ...filter } }));
  }

  setTab(tab: Tab): void {
    this.setPreferences({ tab });
  }

  setPreferences(change: Partial<Preferences>): void {
    const preferences = { ...this.store.getState().preferences, ...change };
    this.store.setState({ preferences });
    savePreferences(preferences);
    if (this.#measuring) this.#measureBytes();
  }

  /** Bytes per stream are measured only while the streams view shows them. */
  get #measuring(): boolean {
    return this.store.getState().preferences.tab === "streams";
  }

  /** Summaries with their bytes, from every message shown, once the streams view opens. */
  #measureBytes(): void {
    const { streams, messages } = this.store.getState();
    let unmeasured = false;
    for (const summary of streams.values())
      if (summary.bytes === undefined) {
        unmeasured = true;
        break;
      }
    if (!unmeasured) return;
    const measured = new Map<string, StreamSummary>();
    summarize(messages, measured, true);
    this.store.setState({ streams: measured });
  }

  openStream(streamName: string, position?: number): void {
    this.store.setState({
      selectedStream: streamName,
      selectedPosition: position,
      skip: undefined,
    });
    this.setTab("stream");
    const remote = this.remote;
    if (remote?.readStream) void remote.readStream(streamName).then((read) => this.#merge(read));
  }

  /** Adds messages read later (a whole stream from the bridge) to the feed and the summaries. */
  #merge(read: readonly Message[]): void {
    const state = this.store.getState();
    const missing = read.filter((m) => indexOfPosition(state.messages, m.globalPosition) < 0);
    if (missing.length === 0) return;
    const messages = mergeByPosition([...state.messages], missing);
    const touched = new Set(missing.map((m) => m.streamName));
    const streams = new Map(state.streams);
    for (const name of touched) streams.delete(name);
    summarize(
      messages.filter((m) => touched.has(m.streamName)),
      streams,
      this.#measuring,
    );
    this.store.setState({ messages, streams });
  }

  /** Selects a version of the open stream (bound, so rows can share it as a stable callback). */
  readonly select = (position: number | undefined): void => {
    this.store.setState({ selectedPosition: position });
  };

  setSkip(skip: number | undefined): void {
    this.store.setState({ skip });
  }

  faults(): FaultInjector {
    const store = this.domain.eventStore;
    let injector = this.#faults.get(store);
    if (!injector) {
      injector = new FaultInjector(store);
      this.#faults.set(store, injector);
    }
    return injector;
  }

  /** The next add of the app fails with ExpectedVersionError. */
  armConflict(): void {
    this.faults().armConflict(() => this.store.setState(this.#faultState()));
    this.store.setState(this.#faultState());
  }

  setOffline(offline: boolean): void {
    this.faults().setOffline(offline);
    this.store.setState(this.#faultState());
  }

  clearFaults(): void {
    this.faults().clear();
    this.store.setState(this.#faultState());
  }

  #faultState(): Pick<PanelState, "offline" | "conflictArmed"> {
    const injector = this.#faults.get(this.domain.eventStore);
    return { offline: injector?.offline ?? false, conflictArmed: injector?.conflictArmed ?? false };
  }

  // The store's listener and the tap's run inside the app's command: each keeps what it was
  // handed (the messages, not the store's array) and asks for a frame; the frame does the rest.
  #hear(messages: readonly Message[]): void {
    const into = this.#paused ? this.#held : this.#incoming;
    for (const m of messages) into.push(m);
    if (this.#paused) this.#heldChanged = true;
    this.#schedule();
  }

  #tap(record: TapRecord): void {
    if (record.kind === "commit") this.#calls.hear(record);
    else if (record.kind !== "load" || record.durationMs >= (this.#options.slowLoadMs ?? 50))
      this.#logged.push(record);
    else return;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#frame !== undefined || this.#budgetTimer !== undefined) return;
    const gap = this.#burst ? Math.max(this.#gapMs, BURST_GAP_MS) : this.#gapMs;
    const wait = this.#lastFlushAt + gap - now();
    if (wait <= 0) this.#frame = requestFrame(() => this.#flush());
    else
      this.#budgetTimer = setTimeout(() => {
        this.#budgetTimer = undefined;
        this.#frame = requestFrame(() => this.#flush());
      }, wait);
  }

  /**
   * The views took `ms` to render (React's Profiler reports each commit). While the app keeps
   * writing, live updates keep RENDER_BUDGET_FACTOR times the render time since the last update
   * apart, to hold the panel near 2% of the page's time, but never more than MAX_LIVE_GAP_MS (a
   * write must still show promptly); a lone write after a pause shows on the next frame. While
   * the app writes in bulk (an update brought BURST_MESSAGES or more, or messages came at
   * BURST_RATE_PER_SECOND or faster), updates come once every BURST_GAP_MS: nobody reads rows going
   * by at that rate, and the page keeps its time.
   */
  rendered(ms: number): void {
    this.#renderMsSinceFlush += ms;
    this.#gapMs = Math.min(this.#renderMsSinceFlush * RENDER_BUDGET_FACTOR, MAX_LIVE_GAP_MS);
  }

  /** Applies what was heard since the last frame: one state update at most. */
  #flush(): void {
    this.#frame = undefined;
    const flushedAt = now();
    const sincePrevious = flushedAt - this.#lastFlushAt;
    this.#lastFlushAt = flushedAt;
    this.#renderMsSinceFlush = 0;
    const state = this.store.getState();
    const change: Partial<Mutable<PanelState>> = {};
    if (this.#calls.changed) {
      this.#calls.flush();
      change.callsVersion = state.callsVersion + 1;
    }
    if (this.#logged.length > 0) {
      const entries = this.#logged.map((record) => ({ id: ++this.#logId, record }));
      this.#logged = [];
      change.log = pushRingAll(state.log, entries, this.#options.logCapacity ?? 500);
    }
    if (this.#heldChanged) {
      this.#heldChanged = false;
      change.held = this.#held.length;
    }
    const fresh = this.#fresh();
    this.#burst =
      fresh.length >= BURST_MESSAGES ||
      (fresh.length >= BURST_RATE_MIN_MESSAGES &&
        fresh.length * 1000 >= BURST_RATE_PER_SECOND * sincePrevious);
    if (fresh.length > 0) {
      const last = state.messages[state.messages.length - 1];
      let inOrder = true;
      let previous = last?.globalPosition ?? 0;
      for (const m of fresh) {
        if (m.globalPosition <= previous) inOrder = false;
        previous = m.globalPosition;
      }
      const messages = state.messages.concat(fresh);
      if (!inOrder) messages.sort((a, b) => a.globalPosition - b.globalPosition);
      const streams = new Map(state.streams);
      summarize(fresh, streams, this.#measuring);
      change.messages = messages;
      change.streams = streams;
    }
    if (Object.keys(change).length > 0) this.store.setState(change);
  }

  /**
   * The messages of the incoming batches not shown yet. Live messages come newer than the last one
   * shown, which one comparison tells; only an older one (a repeat, or another tab's write that
   * arrived late) is looked up in the shown messages, which are in global order.
   */
  #fresh(): Message[] {
    const shown = this.store.getState().messages;
    let newest = shown[shown.length - 1]?.globalPosition ?? 0;
    const fresh: Message[] = [];
    let taken: Set<number> | undefined;
    for (const m of this.#incoming) {
      const position = m.globalPosition;
      if (position > newest) newest = position;
      else {
        taken ??= new Set(fresh.map((f) => f.globalPosition));
        if (taken.has(position) || indexOfPosition(shown, position) >= 0) continue;
      }
      taken?.add(position);
      fresh.push(m);
    }
    this.#incoming = [];
    if (fresh.length > 0 && this.store.getState().loading) this.#heardDuringReload.push(...fresh);
    return fresh;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Render time (React's `actualDuration`) to the gap kept before the next live update. Measured in
 * Chromium (bench/devtools, IndexedDB, React's development build): what an update costs the page
 * (render, DOM commit, forced layout, paint, the scheduler's tasks) is ten or more times its
 * render time, and a 2% share of the page's time needs 50 times the whole cost between updates.
 */
const RENDER_BUDGET_FACTOR = 500;
/** The longest gap between live updates: a write shows within this (plus a frame) at most. */
const MAX_LIVE_GAP_MS = 200;
/** An update that brings this many messages or more means the app writes in bulk... */
const BURST_MESSAGES = 50;
/**
 * ...as does a steady stream of this many messages a second (an update of at least
 * BURST_RATE_MIN_MESSAGES: lone writes in quick succession are not a stream). Counting an update's
 * messages alone missed it whenever the gap was short: under React's production build (100 ms
 * gaps) 350 commands a second made ten updates a second of about 35 messages, never a burst, and
 * the open panel cost IndexedDB commands 29 % (bench/devtools/RESULTS.md).
 */
const BURST_RATE_PER_SECOND = 50;
const BURST_RATE_MIN_MESSAGES = 5;
/** ...and the next update waits this long (a burst's last writes show within it). */
const BURST_GAP_MS = 1000;
/**
 * The gap while no render time is known (production React reports none): a live update costs the
 * page far more than its JavaScript (style, layout, paint, raster; bench/devtools/RESULTS.md).
 */
const UNMEASURED_LIVE_GAP_MS = 100;

const now = (): number => (globalThis.performance ?? Date).now();

const yieldToPage = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const requestFrame = (run: () => void): number =>
  typeof requestAnimationFrame === "function"
    ? requestAnimationFrame(run)
    : (setTimeout(run, 16) as unknown as number);
const cancelFrame = (id: number): void =>
  typeof cancelAnimationFrame === "function" ? cancelAnimationFrame(id) : clearTimeout(id);

/** Where the message at global `position` is in `messages` (in global order), or -1. */
function indexOfPosition(messages: readonly Message[], position: number): number {
  let low = 0;
  let high = messages.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = (messages[middle] as Message).globalPosition;
    if (at === position) return middle;
    if (at < position) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** `read` (in global order) plus the messages of `heard` it lacks, in global order. */
function mergeByPosition(read: Message[], heard: readonly Message[]): Message[] {
  if (heard.length === 0) return read;
  const positions = new Set(read.map((m) => m.globalPosition));
  const missing = heard.filter((m) => !positions.has(m.globalPosition));
  if (missing.length === 0) return read;
  return [...read, ...missing].sort((a, b) => a.globalPosition - b.globalPosition);
}
