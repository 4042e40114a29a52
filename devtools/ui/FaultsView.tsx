import { useController, usePanel } from "./context.js";

/** Fault injection: a conflict on the next add, or the store offline, to test the app's UI. */
export function FaultsView() {
  const controller = useController();
  const offline = usePanel((s) => s.offline);
  const armed = usePanel((s) => s.conflictArmed);
  return (
    <div className="sd-faults">
      <div>
        <button
          type="button"
          className="sd-btn"
          aria-pressed={armed}
          onClick={() => controller.armConflict()}
        >
          {armed ? "Conflict armed: next add fails" : "Fail the next add (ExpectedVersionError)"}
        </button>
      </div>
      <div>
        <button
          type="button"
          className="sd-btn"
          aria-pressed={offline}
          onClick={() => controller.setOffline(!offline)}
        >
          {offline ? "Store offline: bring it back" : "Take the store offline (StoreError)"}
        </button>
      </div>
      <div>
        <button type="button" className="sd-btn" onClick={() => controller.clearFaults()}>
          Clear faults
        </button>
      </div>
      <p className="sd-kind">
        Faults apply to this page's store only, and only while this page lives.
      </p>
    </div>
  );
}
