/**
 * The panel's stylesheet, applied inside its shadow root. `:host { all: initial }` stops the host
 * page's inherited colour, fonts and sizes at the boundary; every rule here is scoped by the shadow
 * root, so nothing leaks out either.
 */
export const panelCss = `
:host { all: initial; }
.sd-root, .sd-root * { box-sizing: border-box; margin: 0; padding: 0; border: 0; font: inherit; color: inherit; background: none; text-transform: none; letter-spacing: normal; }
.sd-root {
  font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--fg); background: var(--bg);
  display: flex; flex-direction: column; height: 100%; width: 100%; text-align: left;
}
.sd-root, .sd-dock {
  --bg: #ffffff; --bg2: #f3f4f6; --bg3: #e5e7eb; --fg: #111827; --fg2: #4b5563; --accent: #1d4ed8;
  --warn: #92400e; --warnbg: #fef3c7; --bad: #991b1b; --badbg: #fee2e2; --ok: #166534; --okbg: #dcfce7; --line: #d1d5db;
}
.sd-root[data-theme="dark"], .sd-dock[data-theme="dark"] {
  --bg: #111318; --bg2: #1b1e25; --bg3: #2a2f3a; --fg: #e5e7eb; --fg2: #a1a8b5; --accent: #93b4ff;
  --warn: #fcd34d; --warnbg: #3a2e0b; --bad: #fca5a5; --badbg: #3b1212; --ok: #86efac; --okbg: #0f2f1c; --line: #374151;
}
.sd-float-button { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; font: 600 12px/1 ui-sans-serif, system-ui, sans-serif; color: #fff; background: #1d4ed8; border: 0; border-radius: 999px; padding: 10px 14px; cursor: pointer; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.sd-float-button:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.sd-dock { position: fixed; left: 0; right: 0; bottom: 0; z-index: 2147483647; background: var(--bg); box-shadow: 0 -2px 12px rgba(0,0,0,.25); display: flex; flex-direction: column; }
.sd-resize { height: 6px; cursor: ns-resize; background: var(--bg3); flex: none; }
.sd-resize:focus-visible { outline: 2px solid var(--accent); }
.sd-header { display: flex; align-items: center; gap: 8px; padding: 4px 8px; background: var(--bg2); border-bottom: 1px solid var(--line); flex: none; flex-wrap: wrap; }
.sd-title { font-weight: 700; }
.sd-tabs { display: flex; gap: 2px; }
.sd-tab { padding: 3px 8px; border-radius: 4px; cursor: pointer; color: var(--fg2); }
.sd-tab[aria-selected="true"] { background: var(--bg); color: var(--fg); box-shadow: inset 0 -2px 0 var(--accent); }
.sd-spacer { flex: 1; }
button.sd-btn, label.sd-btn { padding: 2px 8px; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); cursor: pointer; white-space: nowrap; }
button.sd-btn[aria-pressed="true"] { background: var(--accent); color: var(--bg); }
button.sd-btn:disabled { opacity: .5; cursor: default; }
.sd-root :focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
input.sd-input, select.sd-input { border: 1px solid var(--line); border-radius: 4px; padding: 2px 6px; background: var(--bg); min-width: 0; }
.sd-body { flex: 1; min-height: 0; display: flex; overflow: hidden; }
.sd-pane { flex: 1; min-width: 0; display: flex; flex-direction: column; overflow: hidden; }
.sd-side { flex: 1; min-width: 0; overflow: auto; border-left: 1px solid var(--line); padding: 6px 8px; }
.sd-toolbar { display: flex; gap: 6px; padding: 4px 8px; align-items: center; border-bottom: 1px solid var(--line); flex: none; flex-wrap: wrap; }
.sd-list { flex: 1; overflow: auto; position: relative; outline: none; }
.sd-row { display: flex; gap: 10px; padding: 0 8px; height: 22px; align-items: center; white-space: nowrap; cursor: pointer; position: absolute; left: 0; right: 0; }
.sd-row.sd-static { position: static; }
.sd-row:hover { background: var(--bg2); }
.sd-row[aria-selected="true"] { background: var(--bg3); }
.sd-row.sd-commit { color: var(--fg2); font-size: 11px; border-top: 1px solid var(--line); cursor: default; }
.sd-cell { overflow: hidden; text-overflow: ellipsis; }
.sd-num { width: 48px; text-align: right; color: var(--fg2); flex: none; }
.sd-type { width: 160px; font-weight: 600; flex: none; }
.sd-stream { width: 220px; color: var(--accent); flex: none; }
.sd-time { width: 96px; color: var(--fg2); flex: none; }
.sd-grow { flex: 1; color: var(--fg2); }
.sd-badge { display: inline-block; padding: 0 5px; border-radius: 3px; font-size: 11px; }
.sd-badge.sd-snap { background: var(--okbg); color: var(--ok); }
.sd-badge.sd-warn { background: var(--warnbg); color: var(--warn); }
.sd-badge.sd-bad { background: var(--badbg); color: var(--bad); }
.sd-h { font-weight: 700; margin: 8px 0 4px; }
section + section { margin-top: 12px; }
.sd-tree { list-style: none; }
.sd-tree .sd-tree { padding-left: 14px; }
.sd-key { color: var(--accent); }
.sd-kind { color: var(--fg2); font-style: italic; }
.sd-toggle { cursor: pointer; width: 14px; display: inline-block; color: var(--fg2); }
.sd-str { color: var(--ok); white-space: pre-wrap; word-break: break-all; }
.sd-empty { padding: 12px; color: var(--fg2); }
.sd-error { padding: 6px 8px; background: var(--badbg); color: var(--bad); }
.sd-banner { padding: 4px 8px; background: var(--warnbg); color: var(--warn); display: flex; gap: 8px; align-items: center; }
.sd-diff-add { color: var(--ok); }
.sd-diff-del { color: var(--bad); }
.sd-scrub { display: flex; gap: 6px; align-items: center; margin: 4px 0; }
.sd-scrub input[type=range] { flex: 1; accent-color: var(--accent); }
.sd-table { border-collapse: collapse; width: 100%; }
.sd-table th, .sd-table td { border-bottom: 1px solid var(--line); padding: 2px 6px; text-align: left; white-space: nowrap; }
.sd-table th { color: var(--fg2); font-weight: 600; }
a.sd-link, button.sd-link { color: var(--accent); text-decoration: underline; cursor: pointer; }
.sd-faults { padding: 10px; display: flex; flex-direction: column; gap: 10px; }
.sd-hidden { display: none; }
`;
