export { type StrataMatchers, strataMatchers } from "./matchers.js";
export {
  type MessageSource,
  PageDatabase,
  type PageDatabaseOptions,
  pageDatabase,
  type SeedMessage,
  type WaitForEventOptions,
} from "./page-database.js";
