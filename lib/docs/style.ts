/**
 * The page's only stylesheet, inline so the page needs nothing but itself (CSP allows exactly
 * this text by its hash). Layout rules keep the page inside a phone's width: long tokens wrap,
 * and only code blocks and the mediapackage field scroll sideways.
 */
export const STYLE = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --fg: #1d2330; --muted: #5a6475; --card: #ffffff; --border: #d9dee6;
  --code-bg: #eef1f5; --input-bg: #ffffff; --accent: #1f5fbf; --accent-fg: #ffffff;
  --post: #1d7a46; --get: #1f5fbf; --local: #8a5a00; --local-bg: #fff3d6;
  --ok: #1d7a46; --ok-bg: #e3f4ea; --err: #b3261e; --err-bg: #fbe7e5; --focus: #f0a500;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #11151c; --fg: #e3e7ee; --muted: #9aa4b5; --card: #181d26; --border: #2c3441;
    --code-bg: #222a36; --input-bg: #0f1319; --accent: #6ea8ff; --accent-fg: #0b1220;
    --post: #4cc38a; --get: #6ea8ff; --local: #f2c45c; --local-bg: #3a2f12;
    --ok: #4cc38a; --ok-bg: #123324; --err: #ff8a80; --err-bg: #3d1614; --focus: #ffd166;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; scroll-padding-top: 1rem; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
code, pre, textarea { font-family: var(--mono); font-size: 0.875em; }
code { background: var(--code-bg); padding: 0.1em 0.35em; border-radius: 0.3rem; overflow-wrap: anywhere; }
pre { margin: 0.5rem 0 0; padding: 0.75rem 1rem; background: var(--code-bg); border-radius: 0.5rem; overflow: auto; max-height: 32rem; line-height: 1.45; }
pre code { background: none; padding: 0; overflow-wrap: normal; font-size: 1em; }
.skip { position: absolute; left: -999px; top: 0.5rem; background: var(--card); padding: 0.5rem 1rem; border-radius: 0.4rem; z-index: 1; }
.skip:focus { left: 0.5rem; }
.wrap { max-width: 76rem; margin: 0 auto; padding: 0 clamp(0.85rem, 4vw, 2rem); }
.masthead { background: var(--card); border-bottom: 1px solid var(--border); padding: 1.75rem 0 1.25rem; }
.eyebrow { margin: 0; color: var(--muted); font-size: 0.85rem; letter-spacing: 0.06em; text-transform: uppercase; }
h1 { margin: 0.2rem 0 0.5rem; font-size: clamp(1.6rem, 4vw, 2.2rem); line-height: 1.2; }
.lead { margin: 0; color: var(--muted); max-width: 52rem; }
.lead code { color: var(--fg); }
.layout { display: grid; gap: 2rem; padding-top: 1.5rem; padding-bottom: 3rem; }
.layout > * { min-width: 0; }
@media (min-width: 64rem) {
  .layout { grid-template-columns: 15rem minmax(0, 1fr); }
  .toc { position: sticky; top: 1rem; align-self: start; max-height: calc(100vh - 2rem); overflow: auto; }
}
.toc h2 { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 0 0 0.5rem; }
.toc ul { list-style: none; margin: 0; padding: 0; }
.toc ul ul { margin: 0.25rem 0 0.75rem; }
.toc li { margin: 0.15rem 0; }
.toc a { display: block; padding: 0.2rem 0.4rem; border-radius: 0.35rem; text-decoration: none; color: var(--fg); overflow-wrap: break-word; }
.toc a:hover { background: var(--code-bg); }
.toc li li a { display: flex; align-items: baseline; gap: 0.45rem; }
.toc .group { font-weight: 600; }
.toc .method { font-size: 0.7rem; min-width: 2.6rem; flex: none; }
@media (max-width: 63.99rem) {
  .toc { background: var(--card); border: 1px solid var(--border); border-radius: 0.75rem; padding: 0.75rem 1rem; }
}
main h2 { font-size: 1.4rem; margin: 2rem 0 0.75rem; padding-bottom: 0.35rem; border-bottom: 2px solid var(--border); }
main > section:first-child h2 { margin-top: 0; }
.notes { margin: 0; padding-left: 1.2rem; }
.notes li { margin: 0.35rem 0; }
.route { background: var(--card); border: 1px solid var(--border); border-radius: 0.75rem; padding: 1rem clamp(0.85rem, 3vw, 1.5rem) 1.25rem; margin: 0 0 1.25rem; }
.route h3 { margin: 0 0 0.4rem; font-size: 1.15rem; }
.endpoint { margin: 0.2rem 0; display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem; }
.endpoint .path { font-size: 1rem; font-weight: 600; background: none; padding: 0; overflow-wrap: break-word; min-width: 0; }
.method { display: inline-block; min-width: 3.4rem; text-align: center; padding: 0.1rem 0.5rem; border-radius: 0.35rem; font: 700 0.8rem/1.5 var(--mono); color: var(--card); background: var(--get); }
.method-post { background: var(--post); }
.tags { margin: 0.5rem 0 0; display: flex; flex-wrap: wrap; gap: 0.4rem; }
.tag { font-size: 0.78rem; border: 1px solid var(--border); border-radius: 999px; padding: 0.05rem 0.6rem; color: var(--muted); }
.tag-local { color: var(--local); background: var(--local-bg); border-color: transparent; font-weight: 600; }
.description { margin: 0.75rem 0; }
.facts { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.15rem 1.25rem; margin: 0; }
.facts dt { font-weight: 600; color: var(--muted); font-size: 0.9rem; margin-top: 0.6rem; }
.facts dd { margin: 0; min-width: 0; }
@media (min-width: 44rem) {
  .facts { grid-template-columns: 12rem minmax(0, 1fr); }
  .facts dt { margin-top: 0; padding: 0.5rem 0; border-top: 1px solid var(--border); }
  .facts dd { padding: 0.5rem 0; border-top: 1px solid var(--border); }
  /* The form gets the card's whole width: the mediapackage needs it more than a label does. */
  .facts .testing { grid-column: 1 / -1; }
  .facts dd.testing { border-top: 0; padding-top: 0; }
}
.none { color: var(--muted); }
.params, .statuses { list-style: none; margin: 0; padding: 0; }
.params li, .statuses li { margin: 0 0 0.45rem; }
.params li:last-child, .statuses li:last-child { margin-bottom: 0; }
.req { font-size: 0.72rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; color: var(--err); }
.opt { font-size: 0.72rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
.meta { color: var(--muted); font-size: 0.9rem; }
.code { display: inline-block; min-width: 2.8rem; font: 700 0.85rem/1.5 var(--mono); padding: 0 0.4rem; border-radius: 0.3rem; text-align: center; background: var(--code-bg); }
.code.ok { color: var(--ok); background: var(--ok-bg); }
.code.error { color: var(--err); background: var(--err-bg); }
details.try { margin-top: 0.25rem; }
details.try > summary { cursor: pointer; display: inline-block; padding: 0.35rem 0.8rem; border: 1px solid var(--accent); border-radius: 0.45rem; color: var(--accent); font-weight: 600; }
details.try[open] > summary { margin-bottom: 0.75rem; }
.try-form { display: grid; gap: 0.85rem; padding: 1rem; border: 1px dashed var(--border); border-radius: 0.6rem; }
.try-form > * { min-width: 0; }
@media (max-width: 40rem) {
  /* A phone has no width to spare for a frame inside the card. */
  .try-form { padding: 0; border: 0; }
}
.field label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.field .hint { margin: 0.25rem 0 0; }
.hint { color: var(--muted); font-size: 0.85rem; }
.row { display: grid; gap: 0.85rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr)); }
input, select, textarea { width: 100%; font: inherit; color: var(--fg); background: var(--input-bg); border: 1px solid var(--border); border-radius: 0.45rem; padding: 0.5rem 0.65rem; }
input[type="checkbox"] { width: auto; }
textarea { font-family: var(--mono); font-size: 0.8rem; line-height: 1.45; min-height: 12rem; resize: vertical; white-space: pre; overflow: auto; }
.actions { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; }
button { font: inherit; font-weight: 600; padding: 0.5rem 1.1rem; border-radius: 0.45rem; border: 1px solid var(--accent); background: var(--accent); color: var(--accent-fg); cursor: pointer; }
button.secondary { background: transparent; color: var(--accent); }
button:disabled { opacity: 0.6; cursor: progress; }
.check { display: inline-flex; align-items: center; gap: 0.4rem; font-weight: 400; }
.job { border-left: 4px solid var(--accent); padding: 0.5rem 0 0.5rem 0.85rem; display: grid; gap: 0.5rem; }
.job[hidden], pre[hidden] { display: none; }
.job-line { margin: 0; }
.result .status { margin: 0; overflow-wrap: anywhere; }
.open-link { overflow-wrap: anywhere; }
footer { border-top: 1px solid var(--border); color: var(--muted); font-size: 0.85rem; padding: 1rem 0 2rem; }
`;
