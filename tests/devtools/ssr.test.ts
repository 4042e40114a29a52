import { describe, expect, it } from "vitest";

// The node project has no DOM: this is a server render's view of the module graph.
describe("strata-es/devtools during SSR", () => {
  it("imports without touching the DOM, and its components render nothing on the server", async () => {
    expect(typeof document).toBe("undefined");
    const devtools = await import("../../devtools/index.js");
    const production = await import("../../devtools/production.js");
    const { renderToString } = await import("react-dom/server");
    const { createElement } = await import("react");
    const { Domain } = await import("../../core/index.js");
    const { MemoryEventStore } = await import("../../adapters/memory/index.js");
    const domain = new Domain("ssr", { eventStore: new MemoryEventStore() });
    expect(typeof devtools.mountDevtools).toBe("function");
    expect(typeof production.StrataDevtools).toBe("function");
    // The components mount in an effect, which never runs on the server: only their host element.
    const html = renderToString(createElement(devtools.StrataDevtools, { domain }));
    expect(html).toBe('<div style="display:contents"></div>');
    expect(domain.tap.on).toBe(false);
  });
});
