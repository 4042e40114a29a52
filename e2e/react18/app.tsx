// A React 18 host app with the panel: bundled by e2e/devtools-react18.spec.ts with every "react"
// import (the app's, the panel's, zustand's) resolved to this folder's React 18.
import { useState, version } from "react";
import { createRoot } from "react-dom/client";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import { StrataDevtools } from "../../devtools/index.js";

const { identity, User, users } = identityDomain(new MemoryEventStore(), {
  logger: { warn() {} },
});

function App() {
  const [added, setAdded] = useState<string[]>([]);
  return (
    <main>
      <h1>React {version} host</h1>
      <button
        type="button"
        onClick={async () => {
          const user = User.register(`r18-${added.length}@example.com`);
          await users.add(user);
          setAdded((ids) => [...ids, user.id]);
        }}
      >
        Add a user
      </button>
      <ul aria-label="Added">
        {added.map((id) => (
          <li key={id}>{id}</li>
        ))}
      </ul>
      <StrataDevtools domain={identity} initialIsOpen />
    </main>
  );
}

createRoot(document.getElementById("root") as HTMLElement).render(<App />);
(window as unknown as { reactVersion: string }).reactVersion = version;
