/**
 * Reads the docs page in tests. The page is generated as well-formed XML on purpose, so an XML
 * parser stands in for an HTML one (the project has none); a page that stops being well-formed
 * fails here first.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface HtmlElement {
  tag: string;
  attrs: Record<string, string>;
  children: (HtmlElement | string)[];
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

export function parseHtml(html: string): HtmlElement {
  const body = html.replace(/^<!DOCTYPE html>\s*/, '');
  // Script and style are text to a browser, not markup: the validator must not read them.
  const markup = body.replace(/<(script|style)>[\s\S]*?<\/\1>/g, '<$1></$1>');
  const valid = XMLValidator.validate(markup, { allowBooleanAttributes: false });
  if (valid !== true) throw new Error(`The page is not well-formed: ${valid.err.msg} (line ${valid.err.line})`);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    stopNodes: ['*.script', '*.style'],
  });
  const nodes = parser.parse(body) as OrderedNode[];
  const root = nodes.map(toElement).find((node): node is HtmlElement => typeof node !== 'string');
  if (!root) throw new Error('The page has no root element.');
  return root;
}

function toElement(node: OrderedNode): HtmlElement | string {
  if ('#text' in node) return String(node['#text']);
  const tag = Object.keys(node).find((key) => key !== ':@')!;
  const children = (node[tag] as OrderedNode[]).map(toElement);
  return { tag, attrs: node[':@'] ?? {}, children };
}

export function findAll(root: HtmlElement, match: (element: HtmlElement) => boolean): HtmlElement[] {
  const found: HtmlElement[] = [];
  const visit = (element: HtmlElement) => {
    if (match(element)) found.push(element);
    for (const child of element.children) if (typeof child !== 'string') visit(child);
  };
  visit(root);
  return found;
}

export const hasClass = (name: string) => (element: HtmlElement) => (element.attrs.class ?? '').split(/\s+/).includes(name);
export const isTag = (...tags: string[]) => (element: HtmlElement) => tags.includes(element.tag);

/** The text a reader sees, whitespace collapsed. */
export function textOf(element: HtmlElement): string {
  return rawText(element).replace(/\s+/g, ' ').trim();
}

/** The text exactly, e.g. of a textarea. */
export function rawText(element: HtmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : rawText(child))).join('');
}
