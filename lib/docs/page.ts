/**
 * GET /docs: one self-contained HTML page documenting every route of the route table, after
 * Opencast's REST docs pages, with a testing form per route that needs the token. A pure
 * function of the routes, so it is rendered once per cold start and unit-tested as a string.
 */
import { createHash } from 'node:crypto';
import type { ParamDoc, ResponseDoc, RouteDef } from '../routes.ts';
import { CLIENT_SCRIPT } from './client.ts';
import { attrs, breakablePath, escapeHtml, inlineText, slug } from './markup.ts';
import {
  documentedRoutes,
  exampleOf,
  groupOf,
  hasTestingForm,
  isBooleanParam,
  isWrite,
  paramsIn,
  pathParamsOf,
  pathVariables,
  shownPaths,
} from './model.ts';
import { generalNotes } from './notes.ts';
import { STYLE } from './style.ts';

const TITLE = 'Media distribution service';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * Only this page's own script and stylesheet run, by hash, and the script may only talk to the
 * service itself; nothing is loaded from anywhere.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  `script-src ${sha256(CLIENT_SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "connect-src 'self'",
  // The empty data: favicon, so the browser does not ask the service for /favicon.ico.
  'img-src data:',
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function renderDocsPage(routes: readonly RouteDef[]): string {
  const documented = documentedRoutes(routes);
  const groups = (['Write methods', 'Read methods'] as const).map((title) => ({
    title,
    id: slug(title.toLowerCase()),
    routes: documented.filter((route) => groupOf(route) === title),
  }));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="color-scheme" content="light dark" />
<title>${TITLE} · REST documentation</title>
<link rel="icon" href="data:," />
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the routes</a>
<header class="masthead"><div class="wrap">
<p class="eyebrow">Opencast-compatible download distribution</p>
<h1>${TITLE}</h1>
<p class="lead">Every route of the service, generated from the route table it is deployed from. Base URL: <code id="base-url">the address this page was loaded from</code>. Machine-readable: <a href="openapi.json">OpenAPI 3.1 document</a>.</p>
</div></header>
<div class="wrap layout">
<nav class="toc" aria-label="Table of contents">
<h2>Contents</h2>
<ul>
<li><a class="group" href="#general-notes">General notes</a></li>
${groups.map((group) => `<li><a class="group" href="#${group.id}">${group.title}</a><ul>${group.routes.map(tocEntry).join('')}</ul></li>`).join('\n')}
</ul>
</nav>
<main id="main">
<section id="general-notes" aria-labelledby="general-notes-title">
<h2 id="general-notes-title">General notes</h2>
<ul class="notes">
${generalNotes(routes).map((note) => `<li>${inlineText(note)}</li>`).join('\n')}
</ul>
<noscript><p class="hint">Without JavaScript the testing forms still open, but a browser form cannot send the <code>Authorization</code> header, so the service answers <code>401</code>.</p></noscript>
</section>
${groups.map((group) => `<section id="${group.id}" aria-labelledby="${group.id}-title">\n<h2 id="${group.id}-title">${group.title}</h2>\n${group.routes.map(routeArticle).join('\n')}\n</section>`).join('\n')}
</main>
</div>
<footer><div class="wrap">Generated from <code>lib/routes.ts</code>. The same table drives the deployment, the local stack and <a href="openapi.json">openapi.json</a>.</div></footer>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

const routeId = (route: RouteDef) => slug('route', route.name);

function methodBadge(method: string): string {
  return `<span class="method method-${escapeHtml(method.toLowerCase())}">${escapeHtml(method)}</span>`;
}

function tocEntry(route: RouteDef): string {
  const path = shownPaths(route)[0]!;
  return `<li><a href="#${routeId(route)}">${methodBadge(route.method)} <span>${breakablePath(path)}</span></a></li>`;
}

function routeArticle(route: RouteDef): string {
  const id = routeId(route);
  const tags = [
    route.auth ? '<span class="tag">Bearer token</span>' : '<span class="tag">No login</span>',
    route.localOnly ? '<span class="tag tag-local">local stack only</span>' : '',
  ].join('');
  return `<article class="route" id="${id}" aria-labelledby="${id}-title">
<h3 id="${id}-title">${escapeHtml(route.summary)}</h3>
${shownPaths(route).map((path) => `<p class="endpoint">${methodBadge(route.method)} <code class="path">${breakablePath(path)}</code></p>`).join('\n')}
<p class="tags">${tags}</p>
<p class="description">${inlineText(route.description)}${route.localOnly ? ' In AWS the CDN serves this instead; the route is not deployed.' : ''}</p>
<dl class="facts">
<dt>Path params</dt><dd>${paramList(pathParamsFor(route), greedyNames(route))}</dd>
${isWrite(route) ? formParamRows(route) : ''}
<dt>Response formats</dt><dd>${route.produces.map((type) => `<code>${escapeHtml(type)}</code>`).join(', ')}</dd>
<dt>Status codes</dt><dd>${statusList(route.responses)}</dd>
<dt class="testing">Testing</dt><dd class="testing">${hasTestingForm(route) ? testingForm(route) : openLink(route)}</dd>
</dl>
</article>`;
}

/** Only a write route has a body to carry form params. */
function formParamRows(route: RouteDef): string {
  const params = paramsIn(route, 'form');
  return `<dt>Required (form) params</dt><dd>${paramList(params.filter((p) => p.required))}</dd>
<dt>Optional (form) params</dt><dd>${paramList(params.filter((p) => !p.required))}</dd>`;
}

function greedyNames(route: RouteDef): Set<string> {
  return new Set(pathVariables(route.path).filter((v) => v.greedy).map((v) => v.name));
}

/** Each path param once, though a route shows several paths. */
function pathParamsFor(route: RouteDef): ParamDoc[] {
  const byName = new Map<string, ParamDoc>();
  for (const path of shownPaths(route)) for (const param of pathParamsOf(route, path)) byName.set(param.name, param);
  return [...byName.values()];
}

function paramList(params: ParamDoc[], greedy = new Set<string>()): string {
  if (params.length === 0) return '<span class="none">NONE</span>';
  const item = (param: ParamDoc) =>
    `<li><code>${escapeHtml(param.name)}</code> ${requirement(param)} ${inlineText(param.description)}` +
    (greedy.has(param.name) ? ' It takes the rest of the path, <code>/</code> included.' : '') +
    (param.default !== undefined ? ` <span class="meta">Default: <code>${escapeHtml(param.default)}</code>.</span>` : '') +
    (param.example !== undefined ? ` <span class="meta">Example: <code>${escapeHtml(param.example)}</code>.</span>` : '') +
    '</li>';
  return `<ul class="params">${params.map(item).join('')}</ul>`;
}

function requirement(param: ParamDoc): string {
  return param.required ? '<span class="req">required</span>' : '<span class="opt">optional</span>';
}

function statusList(responses: ResponseDoc[]): string {
  return `<ul class="statuses">${[...responses]
    .sort((a, b) => a.status - b.status)
    .map((r) => `<li><span class="code ${r.status < 400 ? 'ok' : 'error'}">${r.status}</span> ${inlineText(r.description)}</li>`)
    .join('')}</ul>`;
}

function openLink(route: RouteDef): string {
  const paths = shownPaths(route).filter((path) => pathVariables(path).length === 0);
  if (paths.length === 0) return '<span class="none">Open a URL of this form in the browser; no token is needed.</span>';
  // Relative links: they resolve against the stage path the page was served under.
  return paths
    .map((path) => `<a class="open-link" href="${escapeHtml(path === '/' ? './' : path.slice(1))}">${escapeHtml(route.method)} ${escapeHtml(path)}</a>`)
    .join(', ');
}

function testingForm(route: RouteDef): string {
  const id = slug('try', route.name);
  const paths = shownPaths(route);
  const pathChoice =
    paths.length > 1
      ? field(`${id}-path`, 'Path', `<select class="path-choice" id="${id}-path">${paths.map((p) => `<option${attrs({ value: p })}>${escapeHtml(p)}</option>`).join('')}</select>`)
      : '';
  const formAttrs = attrs({
    class: 'try-form',
    id,
    'data-method': route.method,
    'data-path': route.path,
    // Without JavaScript a write form still posts to the route (the token cannot go along).
    ...(isWrite(route) ? { method: 'post', action: route.path === '/' ? './' : route.path.slice(1) } : {}),
  });
  // With stand-in paths the suffix picks the format (`.json`), so an Accept choice would be moot.
  const accepts = paths.length > 1 ? [] : route.produces.filter((type) => type === 'application/json' || type.endsWith('/xml'));
  return `<details class="try">
<summary>Testing form (click to reveal)</summary>
<form${formAttrs}>
${pathChoice}${pathParamsFor(route).map((param) => paramField(id, param)).join('\n')}
${paramsIn(route, 'form').map((param) => paramField(id, param)).join('\n')}
<div class="row">
${field(`${id}-token`, 'Bearer token', `<input type="password" class="token" id="${id}-token" autocomplete="off" spellcheck="false" placeholder="local stack: local-dev-token" aria-describedby="${id}-token-hint" />`, `<p class="hint" id="${id}-token-hint">Sent as <code>Authorization: Bearer …</code> and kept for the other forms until this tab closes.</p>`)}
${accepts.length > 1 ? field(`${id}-accept`, 'Accept', `<select class="accept" id="${id}-accept">${accepts.map((type) => `<option${attrs({ value: type })}>${type.endsWith('/xml') ? 'XML' : 'JSON'} (${escapeHtml(type)})</option>`).join('')}</select>`) : ''}
</div>
<div class="actions"><button type="submit">Send ${escapeHtml(route.method)} request</button></div>
${isWrite(route) ? jobPanel(id) : ''}
<div class="result"><p class="status" role="status" aria-live="polite"></p><pre hidden="" tabindex="0" aria-label="Response body"><code></code></pre></div>
</form>
</details>`;
}

function field(id: string, label: string, control: string, after = ''): string {
  return `<div class="field"><label for="${id}">${label}</label>${control}${after}</div>`;
}

function paramField(formId: string, param: ParamDoc): string {
  const id = slug(formId, param.name);
  const label = `<code>${escapeHtml(param.name)}</code> ${requirement(param)}`;
  const value = exampleOf(param) ?? param.default ?? '';
  let control: string;
  if (isBooleanParam(param)) {
    control = `<select${attrs({ id, name: param.name })}>${['true', 'false'].map((v) => `<option${attrs({ value: v, selected: v === param.default })}>${v}</option>`).join('')}</select>`;
  } else if (value.includes('\n')) {
    control = `<textarea${attrs({ id, name: param.name, rows: 14, spellcheck: 'false' })}>${escapeHtml(value)}</textarea>`;
  } else {
    control = `<input${attrs({ type: 'text', id, name: param.name, value, spellcheck: 'false', autocomplete: 'off' })} />`;
  }
  return field(id, label, control);
}

/**
 * Every write form has one, shown by the script when the answer is a job (what the async routes
 * answer), so the page needs no list of which routes queue.
 */
function jobPanel(formId: string): string {
  return `<div class="job" hidden="">
<p class="job-line">Job <code class="job-id"></code>: <strong class="job-status" aria-live="polite"></strong></p>
<div class="actions"><button type="button" class="poll secondary">Poll job</button>
<label class="check" for="${formId}-auto"><input type="checkbox" class="auto-poll" id="${formId}-auto" /> Auto-poll every second until <code>FINISHED</code> or <code>FAILED</code></label></div>
<pre class="job-payload" hidden="" tabindex="0" aria-label="Job payload"><code></code></pre>
</div>`;
}
