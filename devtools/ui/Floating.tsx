import { useState } from "react";
import { useStore } from "zustand";
import type { PanelController } from "../model/panel-store.js";
import { Panel, type PanelChrome } from "./App.js";

/** The floating button, and the docked panel it opens (resizable by its top edge). */
export function Floating({
  controller,
  initialIsOpen,
  ...chrome
}: PanelChrome & { controller: PanelController; initialIsOpen: boolean }) {
  const [open, setOpen] = useState(initialIsOpen);
  const height = useStore(controller.store, (s) => s.preferences.height);
  const theme = useStore(controller.store, (s) => s.preferences.theme);
  if (!open)
    return (
      <button
        type="button"
        className="sd-float-button"
        aria-label="Open Strata devtools"
        onClick={() => setOpen(true)}
      >
        Strata
      </button>
    );
  const resize = (next: number) =>
    controller.setPreferences({ height: Math.max(120, Math.min(next, window.innerHeight - 40)) });
  return (
    <section className="sd-dock" style={{ height }} aria-label="Strata devtools" data-theme={theme}>
      {/* biome-ignore lint/a11y/useSemanticElements: an hr cannot be dragged or focused as a splitter */}
      <div
        className="sd-resize"
        role="separator"
        aria-orientation="horizontal"
        aria-label="Resize devtools"
        aria-valuenow={height}
        aria-valuemin={120}
        aria-valuemax={2000}
        tabIndex={0}
        onKeyDown={(e) => {
          if (e.key === "ArrowUp") resize(height + 20);
          if (e.key === "ArrowDown") resize(height - 20);
        }}
        onPointerDown={(e) => {
          const startY = e.clientY;
          const startHeight = height;
          const move = (ev: PointerEvent) => resize(startHeight + startY - ev.clientY);
          const up = () => {
            window.removeEventListener("pointermove", move);
            window.removeEventListener("pointerup", up);
          };
          window.addEventListener("pointermove", move);
          window.addEventListener("pointerup", up);
        }}
      />
      <Panel controller={controller} {...chrome} onClose={() => setOpen(false)} />
    </section>
  );
}
