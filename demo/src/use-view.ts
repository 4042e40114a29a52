import { useSyncExternalStore } from "react";
import type { BoardView, KanbanView } from "./board-view.js";

/** The live kanban view; re-renders when this or another tab writes. */
export function useKanbanView(view: BoardView): KanbanView {
  return useSyncExternalStore(view.subscribe, view.getSnapshot, view.getSnapshot);
}
