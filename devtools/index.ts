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

export type { DevtoolsOptions, PanelOptions, Redactor, StrataDevtoolsProps } from "./production.js";

const production = process.env.NODE_ENV === "production";

type Component = (props: Real.StrataDevtoolsProps) => ReactElement | null;

export const StrataDevtools: Component = production ? Noop.StrataDevtools : Real.StrataDevtools;
export const StrataDevtoolsPanel: Component = production
  ? Noop.StrataDevtoolsPanel
  : Real.StrataDevtoolsPanel;
export const mountDevtools: typeof Real.mountDevtools = production
  ? Noop.mountDevtools
  : Real.mountDevtools;
