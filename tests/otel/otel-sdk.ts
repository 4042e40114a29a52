// An OpenTelemetry SDK held in memory for the tests: spans in an InMemorySpanExporter, metrics
// read through the metrics SDK's InMemoryMetricExporter on demand.
import { type Attributes, metrics, trace } from "@opentelemetry/api";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

export function inMemorySdk() {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spans)],
  });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    tracer: tracerProvider.getTracer("test"),
    meter: meterProvider.getMeter("test"),
    finished: (): ReadableSpan[] => spans.getFinishedSpans(),
    named: (name: string): ReadableSpan[] =>
      spans.getFinishedSpans().filter((s) => s.name === name),
    /** Every data point of the metric `name` so far: its attributes and value. */
    async points(name: string): Promise<{ attributes: Attributes; value: unknown }[]> {
      await reader.forceFlush();
      const batches = metricExporter.getMetrics();
      const last = batches[batches.length - 1];
      const metric = last?.scopeMetrics
        .flatMap((s) => s.metrics)
        .find((m) => m.descriptor.name === name);
      return (metric?.dataPoints ?? []).map((p) => ({ attributes: p.attributes, value: p.value }));
    },
    /** Registers both providers as the global ones (undone by `reset`). */
    registerGlobally() {
      trace.setGlobalTracerProvider(tracerProvider);
      metrics.setGlobalMeterProvider(meterProvider);
    },
    async reset() {
      trace.disable();
      metrics.disable();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

/** The span's parent span id, or undefined for a root span. */
export const parentId = (span: ReadableSpan | undefined): string | undefined =>
  span?.parentSpanContext?.spanId;

export const spanId = (span: ReadableSpan | undefined): string | undefined =>
  span?.spanContext().spanId;
