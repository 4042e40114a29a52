/** What the panel remembers between sessions (in localStorage, when there is one). */
export interface Preferences {
  readonly theme: "light" | "dark";
  readonly height: number;
  readonly tab: Tab;
}

export type Tab = "feed" | "streams" | "stream" | "log" | "faults";

const KEY = "strata-devtools:preferences";

function systemTheme(): "light" | "dark" {
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches
    ? "dark"
    : "light";
}

export function loadPreferences(): Preferences {
  const defaults: Preferences = { theme: systemTheme(), height: 360, tab: "feed" };
  try {
    const saved = JSON.parse(
      globalThis.localStorage?.getItem(KEY) ?? "null",
    ) as Partial<Preferences> | null;
    return { ...defaults, ...saved };
  } catch {
    return defaults;
  }
}

export function savePreferences(preferences: Preferences): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(preferences));
  } catch {
    // Storage full or blocked (private mode): preferences last for this page only.
  }
}
