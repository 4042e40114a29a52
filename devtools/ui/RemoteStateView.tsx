import { useEffect, useState } from "react";
import type { RemoteState } from "../model/panel-source.js";
import { useController } from "./context.js";
import { ReplayFailureNote } from "./ReplayFailureNote.js";
import { ValueTree } from "./ValueTree.js";

/**
 * The state at a version when the page cannot run the app's handlers (the Node bridge): asked of
 * the server, which rebuilds it with them; or why there is none.
 */
export function RemoteStateView({ stream, version }: { stream: string; version: number }) {
  const remote = useController().remote;
  const [shown, setShown] = useState<RemoteState | string | undefined>(undefined);
  useEffect(() => {
    if (!remote?.stateAt || version < 0) return;
    let current = true;
    remote.stateAt(stream, version).then(
      (state) => current && setShown(state),
      (error: unknown) => current && setShown((error as Error).message),
    );
    return () => {
      current = false;
    };
  }, [remote, stream, version]);
  if (!remote) return null;
  if (!remote.stateAt) return <div className="sd-kind">{remote.noState ?? "No state here."}</div>;
  return (
    <section aria-label="State at version">
      <h3 className="sd-h">State at version {version} (rebuilt by the app)</h3>
      {typeof shown === "string" ? <div className="sd-error">{shown}</div> : null}
      {shown && typeof shown === "object" ? (
        <>
          <ReplayFailureNote failure={shown.failure} />
          <div data-testid="state">
            <ValueTree value={shown.state} label="state" />
          </div>
        </>
      ) : null}
    </section>
  );
}
