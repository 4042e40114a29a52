import { useEffect, useRef } from "react";
import { type DevtoolsOptions, mountDevtools } from "./mount.js";

/** Props of `<StrataDevtools>` and `<StrataDevtoolsPanel>`. */
export type StrataDevtoolsProps = Omit<DevtoolsOptions, "mode">;

function useMounted(props: DevtoolsOptions) {
  const host = useRef<HTMLDivElement>(null);
  const { domain, domains, styleNonce, mode, initialIsOpen, redact, slowLoadMs, logCapacity } =
    props;
  useEffect(() => {
    if (!host.current) return;
    return mountDevtools(host.current, {
      ...(domain ? { domain } : {}),
      ...(domains ? { domains } : {}),
      ...(styleNonce ? { styleNonce } : {}),
      ...(mode ? { mode } : {}),
      ...(initialIsOpen !== undefined ? { initialIsOpen } : {}),
      ...(redact ? { redact } : {}),
      ...(slowLoadMs !== undefined ? { slowLoadMs } : {}),
      ...(logCapacity !== undefined ? { logCapacity } : {}),
    });
  }, [domain, domains, styleNonce, mode, initialIsOpen, redact, slowLoadMs, logCapacity]);
  return host;
}

/**
 * A floating button that opens the devtools panel docked at the bottom of the page.
 *
 * @example
 * <StrataDevtools domain={identity} />
 */
export function StrataDevtools(props: StrataDevtoolsProps) {
  const host = useMounted({ ...props, mode: "floating" });
  return <div ref={host} style={{ display: "contents" }} />;
}

/**
 * The devtools panel embedded where it is rendered (it fills its parent's height).
 *
 * @example
 * <div style={{ height: 400 }}><StrataDevtoolsPanel domain={identity} /></div>
 */
export function StrataDevtoolsPanel(props: StrataDevtoolsProps) {
  const host = useMounted({ ...props, mode: "embedded" });
  return <div ref={host} style={{ height: "100%" }} />;
}
