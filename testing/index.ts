export {
  type AggregateSpecOptions,
  aggregateSpec,
  type ErrorCheck,
  type EventOf,
  type Given,
  type Then,
  type When,
  type WhenCreated,
} from "./aggregate-spec.js";
export { AggregateSpecificationError } from "./specification-error.js";
