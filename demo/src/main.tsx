// The demo app: a kanban board whose state lives as events in this browser's IndexedDB, with the
// Strata devtools open beside it (`?devtools=0` closes it; production builds leave it out).
import { createRoot } from "react-dom/client";
import { StrataDevtools } from "strata-es/devtools";
import { IndexedDBEventStore } from "strata-es/indexeddb";
import { App } from "./App.js";
import { kanbanProjection } from "./board-projection.js";
import { kanbanDomain } from "./kanban.js";
import "./styles.css";

const params = new URLSearchParams(location.search);
const databaseName = params.get("db") ?? "strata-demo";
const app = kanbanDomain(new IndexedDBEventStore({ databaseName }));
const view = kanbanProjection(app);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <>
    <App app={app} view={view} />
    <StrataDevtools domain={app.kanban} initialIsOpen={params.get("devtools") !== "0"} />
  </>,
);
