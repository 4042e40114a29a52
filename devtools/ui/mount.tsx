import { createRoot } from "react-dom/client";
import type { Domain } from "../../core/index.js";
import type { Redactor } from "../model/codec.js";
import { PanelController, type PanelOptions } from "../model/panel-store.js";
import { Panel } from "./App.js";
import { Floating } from "./Floating.js";
import { panelCss } from "./styles.js";

/** Options of `mountDevtools`, `<StrataDevtools>` and `<StrataDevtoolsPanel>`. */
export interface DevtoolsOptions extends PanelOptions {
  /** The domain to inspect. */
  readonly domain?: Domain;
  /** Several domains at once: the panel has a selector. */
  readonly domains?: readonly Domain[];
  /** A CSP nonce for the panel's one `<style>` element (else a constructed stylesheet is used). */
  readonly styleNonce?: string;
  /** "floating": a button that opens a docked panel (default); "embedded": fills the element. */
  readonly mode?: "floating" | "embedded";
  /** Open the floating panel at once (default false). */
  readonly initialIsOpen?: boolean;
  /** Called for each field of exported messages: return a replacement to hide sensitive data. */
  readonly redact?: Redactor;
}

function domainsOf(options: DevtoolsOptions): readonly Domain[] {
  const domains = options.domains ?? (options.domain ? [options.domain] : []);
  if (domains.length === 0)
    throw new TypeError("Strata devtools: pass { domain } or { domains: [...] } to inspect.");
  return domains;
}

/** Adds the panel's stylesheet to a shadow root (or a pop-out window's document). */
function adoptStyles(root: ShadowRoot | Document, nonce: string | undefined): void {
  // A pop-out window's document belongs to another realm: instanceof Document would be false.
  const isDocument = (node: ShadowRoot | Document): node is Document => node.nodeType === 9;
  const doc = isDocument(root) ? root : root.ownerDocument;
  const view = doc.defaultView;
  if (!nonce && view && "adoptedStyleSheets" in root && typeof view.CSSStyleSheet === "function") {
    try {
      const sheet = new view.CSSStyleSheet();
      sheet.replaceSync(panelCss);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      return;
    } catch {
      // Older engines without constructable stylesheets fall through to a <style> element.
    }
  }
  const style = doc.createElement("style");
  if (nonce) style.nonce = nonce;
  style.textContent = panelCss;
  (isDocument(root) ? root.head : root).append(style);
}

/** Opens the panel in its own window, on the same controller. */
function popOut(controller: PanelController, options: DevtoolsOptions, onClosed: () => void): void {
  const win = window.open("", "strata-devtools", "width=1000,height=640");
  if (!win) return;
  win.document.title = "Strata devtools";
  adoptStyles(win.document, options.styleNonce);
  win.document.body.style.margin = "0";
  const host = win.document.createElement("div");
  host.style.height = "100vh";
  win.document.body.append(host);
  const root = createRoot(host);
  root.render(<Panel controller={controller} redact={options.redact} />);
  win.addEventListener("pagehide", () => {
    root.unmount();
    onClosed();
  });
}

/**
 * Mounts the devtools into `element`, inside a shadow root of its own (no React needed in the
 * host page). Returns a function that unmounts it.
 *
 * @example
 * import { mountDevtools } from "strata-es/devtools";
 * const unmount = mountDevtools(document.body, { domain: identity });
 */
export function mountDevtools(element: Element, options: DevtoolsOptions): () => void {
  const controller = new PanelController(domainsOf(options), options);
  const host = element.ownerDocument.createElement("strata-devtools");
  const mode = options.mode ?? "floating";
  host.style.display = mode === "embedded" ? "block" : "contents";
  if (mode === "embedded") host.style.height = "100%";
  element.append(host);
  const shadow = host.attachShadow({ mode: "open" });
  adoptStyles(shadow, options.styleNonce);
  const container = element.ownerDocument.createElement("div");
  container.style.height = "100%";
  shadow.append(container);
  const root = createRoot(container);
  const render = () =>
    root.render(
      mode === "embedded" ? (
        <Panel controller={controller} redact={options.redact} onPopOut={openPopOut} />
      ) : (
        <Floating
          controller={controller}
          initialIsOpen={options.initialIsOpen ?? false}
          redact={options.redact}
          onPopOut={openPopOut}
        />
      ),
    );
  const openPopOut = () => {
    root.render(null);
    popOut(controller, options, render);
  };
  render();
  return () => {
    root.unmount();
    controller.disconnect();
    host.remove();
  };
}
