import {
  createNoopMeter,
  type Meter,
  ProxyTracer,
  ProxyTracerProvider,
  type Tracer,
  trace,
} from "@opentelemetry/api";

// The API's no-op classes are not exported; take them from instances the API hands out.
const NoopTracer = new ProxyTracerProvider().getDelegate().getTracer("").constructor;
const NoopMeter = createNoopMeter().constructor;

/**
 * Whether spans from `tracer` can be recorded: false for the API's no-op tracer and for a proxy
 * while no tracer provider is registered (what `trace.getTracer` returns before the SDK starts).
 * Decided once, at install, so a disabled instrumentation costs nothing per command.
 */
export function canRecordSpans(tracer: Tracer): boolean {
  // A proxy stands for the global provider: ask it for a tracer (a proxy again while none is set).
  const actual =
    tracer instanceof ProxyTracer ? trace.getTracerProvider().getTracer("strata-es") : tracer;
  return !(actual instanceof ProxyTracer) && !(actual instanceof NoopTracer);
}

/** Whether `meter` records: false for the API's no-op meter (no meter provider registered). */
export function canRecordMetrics(meter: Meter): boolean {
  return !(meter instanceof NoopMeter);
}
