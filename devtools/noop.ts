// What production builds get from `strata-es/devtools`: the same names, rendering and mounting nothing.
import type { StrataDevtoolsProps } from "./ui/components.js";
import type { DevtoolsOptions } from "./ui/mount.js";

export type { Redactor } from "./model/codec.js";
export type { PanelOptions } from "./model/panel-store.js";
export type { DevtoolsOptions, StrataDevtoolsProps };

export function StrataDevtools(_props: StrataDevtoolsProps): null {
  return null;
}

export function StrataDevtoolsPanel(_props: StrataDevtoolsProps): null {
  return null;
}

export function mountDevtools(_element: Element, _options: DevtoolsOptions): () => void {
  return () => {};
}
