/**
 * The docs page and the OpenAPI document against the route table: every declared route is in
 * both, with its parameters and status codes, and neither shows anything the table does not
 * declare. The mapping from documented paths back to routes is written out here rather than
 * imported from lib/docs, so a mistake in the generators' own mapping cannot hide itself.
 */
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../lib/docs/openapi.ts';
import { renderDocsPage } from '../../../lib/docs/page.ts';
import { routes, type RouteDef } from '../../../lib/routes.ts';
import { findAll, hasClass, isTag, parseHtml, textOf, type HtmlElement } from './html.ts';

const declared = routes.filter((route) => !route.hidden);
const formParamNames = (route: RouteDef) => route.params.filter((p) => p.in === 'form').map((p) => p.name);
const variablesOf = (path: string) => [...path.matchAll(/\{([^{}+]+)\+?\}/g)].map((m) => m[1]!);

/**
 * Where a route shows up: its `docPaths` when it has them (`/jobs/{file}` is documented as
 * `/jobs/{id}.xml` and `/jobs/{id}.json`), else its path, which OpenAPI writes without API
 * Gateway's greedy `+` and the page shows as declared.
 */
function documentedPaths(route: RouteDef, spelling: 'openapi' | 'page'): string[] {
  if (route.docPaths) return route.docPaths;
  return [spelling === 'openapi' ? route.path.replace(/\{([^{}]+)\+\}/g, '{$1}') : route.path];
}

/** `METHOD path` → the declared route it documents. */
function routeIndex(spelling: 'openapi' | 'page'): Map<string, RouteDef> {
  const index = new Map<string, RouteDef>();
  for (const route of declared) {
    for (const path of documentedPaths(route, spelling)) {
      const key = `${route.method} ${path}`;
      expect(index.has(key), `${key} is declared twice`).toBe(false);
      index.set(key, route);
    }
  }
  return index;
}

describe('OpenAPI document ↔ route table', () => {
  const doc = openApiDocument(routes) as { paths: Record<string, Record<string, Operation>> };
  const index = routeIndex('openapi');
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, path, operation })),
  );

  it('documents every declared route under each of its paths', () => {
    const documented = new Set(operations.map((o) => o.key));
    for (const [key, route] of index) expect(documented.has(key), `${route.name}: ${key} is missing`).toBe(true);
  });

  it('documents nothing that is not declared', () => {
    for (const { key } of operations) expect(index.get(key), `${key} is not a declared route`).toBeDefined();
  });

  it("gives each operation its route's path variables, form params and bearer requirement", () => {
    for (const { key, path, operation } of operations) {
      const route = index.get(key)!;
      expect((operation.parameters ?? []).map((p) => `${p.in}:${p.name}`).sort(), key).toEqual(variablesOf(path).map((n) => `path:${n}`).sort());
      const form = operation.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
      expect(Object.keys(form?.properties ?? {}), key).toEqual(formParamNames(route));
      expect(form?.required ?? [], key).toEqual(route.params.filter((p) => p.in === 'form' && p.required).map((p) => p.name));
      expect(operation.requestBody?.content?.['multipart/form-data']?.schema, key).toEqual(form);
      expect(operation.security?.some((s) => 'bearerAuth' in s) ?? false, key).toBe(route.auth);
    }
  });

  it("answers with each of the route's status codes", () => {
    for (const { key, operation } of operations) {
      const route = index.get(key)!;
      for (const { status } of route.responses) expect(Object.keys(operation.responses), key).toContain(String(status));
    }
  });
});

describe('docs page ↔ route table', () => {
  const page = parseHtml(renderDocsPage(routes));
  const index = routeIndex('page');
  const articles = findAll(page, hasClass('route'));
  /** Each article with the route its `METHOD path` lines document. */
  const documented = articles.map((article) => {
    const endpoints = findAll(article, hasClass('endpoint')).map(textOf);
    const owners = new Set(endpoints.map((endpoint) => index.get(endpoint)));
    return { article, endpoints, route: owners.size === 1 ? [...owners][0] : undefined };
  });

  it('documents every declared route under each of its paths', () => {
    const shown = new Set(documented.flatMap((d) => d.endpoints));
    for (const [key, route] of index) expect(shown.has(key), `${route.name}: ${key} is missing`).toBe(true);
  });

  it('shows nothing that is not declared, one route per section', () => {
    expect(documented.length).toBe(declared.length);
    for (const { endpoints, route } of documented) {
      expect(endpoints.length).toBeGreaterThan(0);
      expect(route, `${endpoints.join(', ')} do not document one declared route`).toBeDefined();
    }
  });

  it("lists each route's parameters and status codes", () => {
    for (const { article, route } of documented) {
      const listed = findAll(article, hasClass('params')).flatMap((list) => findAll(list, isTag('li')).map((li) => textOf(li).split(' ')[0]));
      for (const name of [...formParamNames(route!), ...(route!.docPaths ? [] : variablesOf(route!.path))]) {
        expect(listed, `${route!.name} does not list ${name}`).toContain(name);
      }
      const codes = findAll(article, hasClass('code')).map(textOf);
      expect(codes.sort(), route!.name).toEqual(route!.responses.map((r) => String(r.status)).sort());
    }
  });

  it('gives every write route a hidden testing form whose fields are exactly its form params', () => {
    for (const { article, route } of documented.filter((d) => d.route!.method === 'POST')) {
      const details = findAll(article, isTag('details'));
      expect(details, route!.name).toHaveLength(1);
      expect(details[0]!.attrs.open, `${route!.name}: the form must start hidden`).toBeUndefined();
      expect(textOf(findAll(details[0]!, isTag('summary'))[0]!)).toBe('Testing form (click to reveal)');
      const [form] = findAll(details[0]!, isTag('form'));
      expect(form?.attrs['data-method']).toBe('POST');
      expect(fieldNames(form!).sort(), route!.name).toEqual(formParamNames(route!).sort());
    }
  });

  it('names the path variables in the read forms, and nothing else', () => {
    for (const { article, route } of documented.filter((d) => d.route!.method !== 'POST')) {
      for (const form of findAll(article, isTag('form'))) {
        const variables = new Set(documentedPaths(route!, 'page').flatMap(variablesOf));
        expect(new Set(fieldNames(form)), route!.name).toEqual(variables);
      }
    }
  });

  it('links its table of contents to the route sections only', () => {
    const ids = new Set(articles.map((a) => a.attrs.id));
    const toc = findAll(page, (e) => e.tag === 'nav')[0]!;
    const targets = findAll(toc, isTag('a')).map((a) => a.attrs.href!.slice(1)).filter((id) => id.startsWith('route-'));
    expect(new Set(targets)).toEqual(ids);
  });
});

/** The controls a submit sends: the named ones (token and Accept have no name; they are headers). */
function fieldNames(form: HtmlElement): string[] {
  return findAll(form, isTag('input', 'textarea', 'select'))
    .map((control) => control.attrs.name)
    .filter((name): name is string => name !== undefined);
}

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown>; required?: string[] } }> };
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
}
