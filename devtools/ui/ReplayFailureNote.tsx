/** Where a replay stopped: the event whose apply handler threw, in the state panes. */
export function ReplayFailureNote({
  failure,
}: {
  failure: { position: number; type: string; message: string } | undefined;
}) {
  if (!failure) return null;
  return (
    <div className="sd-error">
      Replay stopped at {failure.position} ({failure.type}): {failure.message}
    </div>
  );
}
