import { createContext, useContext } from "react";
import { useStore } from "zustand";
import type { PanelController, PanelState } from "../model/panel-store.js";

export const ControllerContext = createContext<PanelController | null>(null);

export function useController(): PanelController {
  const controller = useContext(ControllerContext);
  if (!controller) throw new Error("Strata devtools views render inside the panel.");
  return controller;
}

/** A slice of the panel's state; re-renders only when the slice changes. */
export function usePanel<T>(select: (state: PanelState) => T): T {
  return useStore(useController().store, select);
}
