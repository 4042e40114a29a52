import {
  type Attributes,
  type Context,
  context,
  type Meter,
  metrics,
  type Span,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { categoryOf, type Tap, type TapRecord } from "../core/store-kit.js";
import {
  ATTR,
  commitAttributes,
  conflictAttributes,
  loadAttributes,
  streamAttributes,
} from "./attributes.js";
import { canRecordMetrics, canRecordSpans } from "./enabled.js";

/**
 * Options of `instrumentDomain`.
 *
 * @example
 * instrumentDomain(identity, { tracer: trace.getTracer("billing"), meter: metrics.getMeter("billing") });
 */
export interface InstrumentDomainOptions {
  /** Where spans go (default `trace.getTracer("strata-es")`: the registered provider's). */
  tracer?: Tracer;
  /** Where the conflict counter and load histogram go (default `metrics.getMeter("strata-es")`). */
  meter?: Meter;
}

/** What `instrumentDomain` needs of a domain: its name and its tap. */
export interface InstrumentedDomain {
  readonly name: string;
  readonly tap: Tap;
}

/** A `transact` call in flight: its span, and the context its loads and commits nest in. */
interface OpenTransact {
  readonly span: Span;
  readonly context: Context;
  /** Epoch ms minus `performance.now()` when it started: the clock of its span and children. */
  readonly anchor: number;
  attempts: number;
}

// Spans of loads and appends are made once the tap reports them, with explicit times: the start is
// now minus the duration the tap measured. Times are epoch ms read from the monotonic clock with
// an anchor taken from Date.now() (as the SDK does per span), one anchor per transact, so the
// children of a transact lie within it.
const anchorNow = (): number => Date.now() - performance.now();

/**
 * Feeds OpenTelemetry from `domain.tap`: a `strata.transact` span per `transact` call (attempts,
 * error status), with a `strata.get` span per load (source, snapshot used, events applied,
 * version, attempt) and a `strata.append` span per commit (stream, expected and new version,
 * event count, snapshot written; error status on a conflict) inside it; `strata.get` and
 * `strata.append` spans of `get`, `add` and units of work nest in the caller's active span. Counts
 * conflicts (`strata.conflicts`) and records load durations (`strata.load.duration`, ms).
 *
 * With no tracer provider registered (and no meter provider) it subscribes to nothing and records
 * nothing: call it after the OpenTelemetry SDK is started, once per domain. Returns the function
 * that uninstalls it.
 *
 * @example
 * import { instrumentDomain } from "strata-es/otel";
 * const uninstall = instrumentDomain(identity); // the global tracer and meter
 * await users.transact(id, (u) => u.rename("Ada")); // strata.transact > strata.get, strata.append
 * uninstall();
 */
export function instrumentDomain(
  domain: InstrumentedDomain,
  options: InstrumentDomainOptions = {},
): () => void {
  const tracer = options.tracer ?? trace.getTracer("strata-es");
  const meter = options.meter ?? metrics.getMeter("strata-es");
  const tracing = canRecordSpans(tracer);
  const metering = canRecordMetrics(meter);
  if (!tracing && !metering) return () => {};

  const tap = domain.tap;
  const name = domain.name;
  const conflicts = meter.createCounter("strata.conflicts", {
    description: "Appends refused by the expected-version check (ExpectedVersionError)",
    unit: "{conflict}",
  });
  const loadDuration = meter.createHistogram("strata.load.duration", {
    description: "Time to load an aggregate's latest state",
    unit: "ms",
  });
  /** Per stream, the transact calls in flight in call order (the lane runs the first). */
  const open = new Map<string, OpenTransact[]>();
  let installed = true;

  /**
   * The transact call a record from inside one belongs to (`attempt` set): the one whose span is
   * active, or without a context manager the first of its stream's lane, which is the one running.
   */
  const callOf = (streamName: string, attempt: number | undefined): OpenTransact | undefined => {
    if (attempt === undefined) return undefined;
    const calls = open.get(streamName);
    const activeSpan = trace.getSpan(context.active());
    const call = calls?.find((c) => c.span === activeSpan) ?? calls?.[0];
    if (call && attempt > call.attempts) call.attempts = attempt;
    return call;
  };

  /**
   * A span for what the tap reports once it is over: it ends now and lasted `durationMs`, in its
   * transact call (`streamName` and `attempt` find it) or else in the caller's active span.
   */
  const finished = (
    spanName: string,
    durationMs: number,
    attributes: Attributes,
    where: { streamName: string; attempt?: number | undefined },
    failure?: string,
  ): void => {
    const call = callOf(where.streamName, where.attempt);
    const end = (call?.anchor ?? anchorNow()) + performance.now();
    const parent = call?.context ?? context.active();
    const span = tracer.startSpan(spanName, { startTime: end - durationMs, attributes }, parent);
    if (failure !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: failure });
    span.end(end);
  };

  const onRecord = (record: TapRecord): void => {
    switch (record.kind) {
      case "load": {
        const category = categoryOf(record.streamName);
        loadDuration.record(record.durationMs, {
          [ATTR.category]: category,
          [ATTR.source]: record.source,
        });
        if (!tracing) return;
        finished("strata.get", record.durationMs, loadAttributes(name, record), record);
        return;
      }
      case "commit": {
        if (!tracing) return;
        const streamName =
          record.streams.find((s) => s.messages[0]?.type !== "Snapshot")?.streamName ?? "";
        const where = { streamName, attempt: record.attempt };
        finished("strata.append", record.durationMs, commitAttributes(name, record), where);
        return;
      }
      case "conflict": {
        conflicts.add(1, {
          [ATTR.category]: categoryOf(record.streamName),
          [ATTR.call]: record.call,
        });
        if (!tracing) return;
        finished(
          "strata.append",
          record.durationMs,
          conflictAttributes(name, record),
          record,
          `ExpectedVersionError: ${record.streamName} expected at version ${record.expectedVersion}, found at ${record.actualVersion}`,
        );
        return;
      }
      case "snapshotSkipped": {
        if (!tracing) return;
        trace.getSpan(context.active())?.addEvent("strata.snapshot.skipped", {
          [ATTR.stream]: record.streamName,
          "strata.snapshot.position": record.position,
          "strata.snapshot.reason": record.reason,
        });
        return;
      }
    }
  };
  const unsubscribe = tap.subscribe(onRecord);

  const previous = tap.aroundTransact;
  const around = <T>(streamName: string, run: () => Promise<T>): Promise<T> => {
    const next = previous ? () => previous(streamName, run) : run;
    if (!installed) return next();
    const parent = context.active();
    const anchor = anchorNow();
    const span = tracer.startSpan(
      "strata.transact",
      { attributes: streamAttributes(name, streamName), startTime: anchor + performance.now() },
      parent,
    );
    const call: OpenTransact = { span, context: trace.setSpan(parent, span), anchor, attempts: 0 };
    const calls = open.get(streamName) ?? [];
    calls.push(call);
    open.set(streamName, calls);
    const settle = (failed: boolean, error?: unknown) => {
      calls.splice(calls.indexOf(call), 1);
      if (calls.length === 0 && open.get(streamName) === calls) open.delete(streamName);
      span.setAttribute(ATTR.attempts, call.attempts);
      if (failed) {
        if (error instanceof Error) span.recordException(error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
      }
      span.end(anchor + performance.now());
    };
    // The lane, loads and appends run in the transact span's context, so spans that the store's
    // own instrumentation makes (a pg query) nest in it where a context manager propagates it.
    let result: Promise<T>;
    try {
      result = context.with(call.context, next);
    } catch (error) {
      settle(true, error);
      throw error;
    }
    // Registered before the caller awaits `result`: the span ends before the caller resumes.
    result.then(
      () => settle(false),
      (error: unknown) => settle(true, error),
    );
    return result;
  };
  if (tracing) tap.aroundTransact = around;

  return () => {
    if (!installed) return;
    installed = false;
    unsubscribe();
    // Another tracer may have wrapped ours since: then ours stays in its chain, passing through.
    if (tap.aroundTransact === around) tap.aroundTransact = previous;
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
