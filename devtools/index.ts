/**
 * `strata-es/devtools`: the panel in development, no-ops in production. Bundlers replace
 * `process.env.NODE_ENV` and drop the branch (and the panel) that cannot run; the package's
 * `exports` conditions ("development" / "production") pick the same files where bundlers use them.
 * For the panel in production, import `strata-es/devtools/production`.
 *
 * @example
 * import { StrataDevtools } from "strata-es/devtools";
 * <StrataDevtools domain={identity} />
 */
import type { ReactElement } from "react";
import * as Noop from "./noop.js";
import * as Real from "./production.js";

export type {
  DevtoolsOptions,
  PanelOptions,
  Redactor,
  SpecTextOptions,
  StrataDevtoolsProps,
} from "./production.js";

type Component = (props: Real.StrataDevtoolsProps) => ReactElement | null;

// Written out at each export (not through a shared const) so every minifier folds the condition.
export const StrataDevtools: Component =
  process.env.NODE_ENV === "production" ? Noop.StrataDevtools : Real.StrataDevtools;
export const StrataDevtoolsPanel: Component =
  process.env.NODE_ENV === "production" ? Noop.StrataDevtoolsPanel : Real.StrataDevtoolsPanel;
export const mountDevtools: typeof Real.mountDevtools =
  process.env.NODE_ENV === "production" ? Noop.mountDevtools : Real.mountDevtools;
