/**
 * `strata-es/otel`: OpenTelemetry spans and metrics for a domain, fed by `domain.tap`.
 * `@opentelemetry/api` is an optional peer dependency; the app brings the SDK.
 *
 * @example
 * import { instrumentDomain } from "strata-es/otel";
 * const uninstall = instrumentDomain(identity);
 */
export { ATTR as STRATA_ATTRIBUTES } from "./attributes.js";
export {
  type InstrumentDomainOptions,
  type InstrumentedDomain,
  instrumentDomain,
} from "./instrument.js";
