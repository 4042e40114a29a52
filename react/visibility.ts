/**
 * Calls `onVisible` when the page becomes visible again: a hidden tab's timers are throttled, so
 * it reads what other tabs wrote meanwhile at once. Does nothing outside a browser.
 */
export function whenVisible(onVisible: () => void): () => void {
  if (typeof document === "undefined") return () => {};
  const listener = () => {
    if (document.visibilityState === "visible") onVisible();
  };
  document.addEventListener("visibilitychange", listener);
  return () => document.removeEventListener("visibilitychange", listener);
}
