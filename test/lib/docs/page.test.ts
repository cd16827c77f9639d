import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DOCS_CSP, renderDocsPage } from '../../../lib/docs/page.ts';
import { SAMPLE_MEDIAPACKAGE, SAMPLE_MEDIAPACKAGE_ID, SAMPLE_SOURCE_KEY } from '../../../lib/docs/sample.ts';
import { findElement, parseMediaPackage } from '../../../lib/mediapackage/index.ts';
import { routes, type RouteDef } from '../../../lib/routes.ts';
import { findAll, hasClass, isTag, parseHtml, rawText, textOf, type HtmlElement } from './html.ts';

const html = renderDocsPage(routes);
const page = parseHtml(html);
const articleOf = (route: RouteDef) => findAll(page, (e) => e.tag === 'article' && e.attrs.id === `route-${route.name}`)[0]!;
const formOf = (route: RouteDef) => findAll(articleOf(route), isTag('form'))[0]!;
const control = (form: HtmlElement, name: string) => findAll(form, (e) => e.attrs.name === name)[0]!;
const writeRoutes = routes.filter((r) => !r.hidden && r.method === 'POST');

describe('renderDocsPage', () => {
  it('escapes everything it takes from the route table', () => {
    const hostile: RouteDef = {
      ...routes.find((r) => r.name === 'distributeSync')!,
      summary: '<script>alert(1)</script>',
      description: 'Uses `<img src=x onerror=alert(2)>` & "quotes"',
      params: [{ name: 'channelId', in: 'form', required: true, description: "It's <b>bold</b>", example: '</textarea><script>alert(3)</script>' }],
    };
    const parsed = parseHtml(renderDocsPage([hostile]));
    // The only elements are the page's own: no script but the page script, no img, no b.
    expect(findAll(parsed, isTag('script'))).toHaveLength(1);
    expect(findAll(parsed, isTag('img', 'b'))).toEqual([]);
    expect(textOf(findAll(parsed, isTag('h3'))[0]!)).toBe('<script>alert(1)</script>');
    expect(textOf(findAll(parsed, hasClass('description'))[0]!)).toBe('Uses <img src=x onerror=alert(2)> & "quotes"');
    expect(findAll(parsed, (e) => e.attrs.name === 'channelId')[0]!.attrs.value).toBe('</textarea><script>alert(3)</script>');
  });

  it('allows exactly its own inline script and stylesheet in the Content-Security-Policy', () => {
    const hash = (element: HtmlElement) => `'sha256-${createHash('sha256').update(rawText(element)).digest('base64')}'`;
    const [script] = findAll(page, isTag('script'));
    const [style] = findAll(page, isTag('style'));
    const directives = Object.fromEntries(DOCS_CSP.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['script-src']).toEqual([hash(script!)]);
    expect(directives['style-src']).toEqual([hash(style!)]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'none'"]);
  });

  it('ships a script that parses', () => {
    const [script] = findAll(page, isTag('script'));
    // Compiled, not run: a broken escape in the template literal shows up as a SyntaxError.
    expect(() => new Function(rawText(script!))).not.toThrow();
  });

  it('loads nothing from elsewhere and links relatively, so it works under a stage path', () => {
    const references = findAll(page, (e) => ['src', 'href', 'action'].some((a) => a in e.attrs)).flatMap((e) =>
      ['src', 'href', 'action'].filter((a) => a in e.attrs).map((a) => e.attrs[a]!),
    );
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) {
      expect(reference, reference).not.toMatch(/^(?:[a-z][a-z0-9+.-]*:(?!,$)|\/)/i);
    }
    expect(findAll(page, (e) => e.tag === 'link' && e.attrs.rel === 'stylesheet')).toEqual([]);
  });

  it('labels every form control', () => {
    const labelled = new Set(findAll(page, isTag('label')).map((l) => l.attrs.for));
    const controls = findAll(page, isTag('input', 'select', 'textarea'));
    expect(controls.length).toBeGreaterThan(0);
    for (const c of controls) expect(labelled.has(c.attrs.id), `${c.tag} ${c.attrs.name ?? c.attrs.class}`).toBe(true);
  });

  it('announces results to screen readers', () => {
    for (const form of findAll(page, isTag('form'))) {
      expect(findAll(form, (e) => e.attrs['aria-live'] === 'polite').length, form.attrs.id).toBeGreaterThan(0);
    }
  });

  it('prefills the write forms with the sample, a channel and an element of the sample', () => {
    for (const route of writeRoutes) {
      const form = formOf(route);
      expect(rawText(control(form, 'mediapackage'))).toBe(SAMPLE_MEDIAPACKAGE);
      expect(control(form, 'channelId').attrs.value).toBe('engage-player');
      const mediapackage = parseMediaPackage(SAMPLE_MEDIAPACKAGE);
      expect(findElement(mediapackage, control(form, 'elementId').attrs.value!, 'engage-player'), route.name).toBeDefined();
    }
  });

  it('offers the documented default of each flag preselected', () => {
    for (const route of writeRoutes) {
      for (const param of route.params.filter((p) => p.default !== undefined)) {
        const selected = findAll(control(formOf(route), param.name), (e) => e.tag === 'option' && 'selected' in e.attrs);
        expect(selected.map((o) => o.attrs.value), `${route.name} ${param.name}`).toEqual([param.default]);
      }
    }
  });

  it('asks for the token without prefilling it, and sends it as a header, not a field', () => {
    for (const form of findAll(page, isTag('form'))) {
      const [token] = findAll(form, hasClass('token'));
      expect(token, form.attrs.id).toBeDefined();
      expect(token!.attrs.value).toBeUndefined();
      expect(token!.attrs.name).toBeUndefined();
      expect(token!.attrs.placeholder).toContain('local-dev-token');
    }
  });

  it('lets every write form poll a job it gets back', () => {
    for (const route of writeRoutes) {
      const jobPanel = findAll(formOf(route), hasClass('job'))[0];
      expect(jobPanel, route.name).toBeDefined();
      expect(findAll(jobPanel!, hasClass('poll')).map(textOf)).toEqual(['Poll job']);
    }
  });

  it('marks the local-only routes, and only those', () => {
    for (const route of routes.filter((r) => !r.hidden)) {
      const marked = findAll(articleOf(route), hasClass('tag')).some((tag) => textOf(tag) === 'local stack only');
      expect(marked, route.name).toBe(Boolean(route.localOnly));
    }
  });

  it('names the open routes in the General Notes from the route table', () => {
    const notes = textOf(findAll(page, (e) => e.attrs.id === 'general-notes')[0]!);
    const tokenNote = notes.slice(notes.indexOf('Every route but'), notes.indexOf('Authorization'));
    for (const route of routes.filter((r) => !r.hidden)) {
      const paths = route.docPaths ?? [route.path];
      for (const path of paths) expect(tokenNote.includes(`${path},`) || tokenNote.includes(`${path} `), `${route.name} in "${tokenNote}"`).toBe(!route.auth);
    }
    for (const fact of ['503', 'Retry-After', '500', 'correlation id', '413', '10 MiB', '###', 'Accept: application/json']) {
      expect(notes).toContain(fact);
    }
  });
});

describe('the sample mediapackage', () => {
  it('is one the service parses, with the id the read forms use and a source in the workspace', () => {
    const mediapackage = parseMediaPackage(SAMPLE_MEDIAPACKAGE);
    expect(mediapackage.id).toBe(SAMPLE_MEDIAPACKAGE_ID);
    const getDistribution = routes.find((r) => r.path.startsWith('/distributions/'))!;
    expect(getDistribution.params.find((p) => p.name === 'mediapackageId')?.example).toBe(SAMPLE_MEDIAPACKAGE_ID);
    const elementId = routes.find((r) => r.name === 'distributeSync')!.params.find((p) => p.name === 'elementId')!.example!;
    expect(findElement(mediapackage, elementId, 'engage-player')?.url).toBe(SAMPLE_SOURCE_KEY);
  });
});
