// What production builds get from `strata-es/devtools`: the same names, rendering and mounting
// nothing. One shared function behind all three keeps what an app bundles to about 24 bytes gzipped: a
// module with no exports at all would be 0 B, but an app's `import { StrataDevtools }` would then
// fail to build (or render `undefined` and throw), so this is as close to nothing as works.
import type { StrataDevtoolsProps } from "./ui/components.js";
import type { DevtoolsOptions } from "./ui/mount.js";

export type { Redactor } from "./model/codec.js";
export type { PanelOptions } from "./model/panel-store.js";
export type { DevtoolsOptions, StrataDevtoolsProps };

const nothing = (_props: StrataDevtoolsProps): null => null;

export { nothing as StrataDevtools, nothing as StrataDevtoolsPanel };
export const mountDevtools: (element: Element, options: DevtoolsOptions) => () => void = () =>
  nothing as () => null;
