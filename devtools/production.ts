// The real panel, whatever NODE_ENV says: `import { StrataDevtools } from "strata-es/devtools/production"`.
export type { Redactor } from "./model/codec.js";
export type { PanelOptions } from "./model/panel-store.js";
export type { SpecTextOptions } from "./model/spec-text.js";
export { StrataDevtools, StrataDevtoolsPanel, type StrataDevtoolsProps } from "./ui/components.js";
export { type DevtoolsOptions, mountDevtools } from "./ui/mount.js";
