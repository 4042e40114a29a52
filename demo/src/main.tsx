// The demo app: a kanban board whose state lives as events in this browser's IndexedDB.
import { createRoot } from "react-dom/client";
import { IndexedDBEventStore } from "strata-es/indexeddb";
import { App } from "./App.js";
import { kanbanProjection } from "./board-projection.js";
import { kanbanDomain } from "./kanban.js";
import "./styles.css";

const databaseName = new URLSearchParams(location.search).get("db") ?? "strata-demo";
const app = kanbanDomain(new IndexedDBEventStore({ databaseName }));
const view = kanbanProjection(app);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(<App app={app} view={view} />);
