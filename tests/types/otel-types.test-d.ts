// Type-level tests of `strata-es/otel`: `npm run check` (tsc) fails when one of them breaks.
import { type Meter, metrics, type Tracer, trace } from "@opentelemetry/api";
import { expectTypeOf } from "vitest";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import { Domain } from "../../core/index.js";
import {
  type InstrumentDomainOptions,
  type InstrumentedDomain,
  instrumentDomain,
  STRATA_ATTRIBUTES,
} from "../../otel/index.js";

const identity = new Domain("identity", { eventStore: new MemoryEventStore() });

// Any domain, with or without options; the result uninstalls.
expectTypeOf(instrumentDomain(identity)).toEqualTypeOf<() => void>();
instrumentDomain(identity, { tracer: trace.getTracer("app") });
instrumentDomain(identity, { meter: metrics.getMeter("app") });
expectTypeOf<InstrumentDomainOptions>().toEqualTypeOf<{ tracer?: Tracer; meter?: Meter }>();
expectTypeOf(identity).toExtend<InstrumentedDomain>();

// @ts-expect-error a tracer is an OpenTelemetry Tracer, not its name
instrumentDomain(identity, { tracer: "app" });
// @ts-expect-error the tap is what it reads: a store alone will not do
instrumentDomain({ name: "x", eventStore: new MemoryEventStore() });

// Attribute names are literal types, for queries and views.
expectTypeOf(STRATA_ATTRIBUTES.attempt).toEqualTypeOf<"strata.attempt">();
expectTypeOf(STRATA_ATTRIBUTES.snapshotUsed).toEqualTypeOf<"strata.snapshot.used">();
