/**
 * Opencast's element wire format (`MediaPackageElementParser.getAsXml` / `getArrayAsXml`): each
 * element is its own XML document in the mediapackage namespace; a list joins them with `###`.
 */
import { BadRequestError } from '../errors.ts';
import { ELEMENT_KINDS, nodeOf, toElement } from './element.ts';
import { MEDIAPACKAGE_NAMESPACE, type ElementKind, type MediaPackageElement } from './types.ts';
import { ATTRS, TEXT, checkInput, nameOf, parseDocument, type XmlAttributes, type XmlNode } from './xml.ts';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const SEPARATOR = '###';

// Tab, LF and CR are escaped in attributes because XML would turn them into spaces; CR in text
// because XML would turn it into LF. Other control characters can only come from a caller's URL.
const TEXT_SPECIAL = /[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const ATTR_SPECIAL = /[&<>"\t\n\r\x00-\x08\x0B\x0C\x0E-\x1F]/g;
// Opencast splits element arrays on `###` without looking at the XML, so a value must never contain it.
const TEXT_SPECIAL_HASH = /[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F#]/g;
const ATTR_SPECIAL_HASH = /[&<>"\t\n\r\x00-\x08\x0B\x0C\x0E-\x1F#]/g;
const NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function replaceSpecial(char: string): string {
  return NAMED[char] ?? `&#${char.charCodeAt(0)};`;
}

function escape(value: string, special: RegExp, specialWithHash: RegExp): string {
  return value.replace(value.includes(SEPARATOR) ? specialWithHash : special, replaceSpecial);
}

function write(node: XmlNode, out: string[], rootAttrs?: string): void {
  if (TEXT in node) {
    out.push(escape(node[TEXT] as string, TEXT_SPECIAL, TEXT_SPECIAL_HASH));
    return;
  }
  const name = nameOf(node);
  out.push('<', name);
  const attrs = node[ATTRS] as XmlAttributes | undefined;
  if (attrs) {
    for (const key of Object.keys(attrs)) {
      if (rootAttrs !== undefined && key === 'xmlns') continue;
      out.push(' ', key, '="', escape(String(attrs[key]), ATTR_SPECIAL, ATTR_SPECIAL_HASH), '"');
    }
  }
  if (rootAttrs !== undefined) out.push(rootAttrs);
  const children = node[name] as XmlNode[];
  if (children.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (const child of children) write(child, out);
  out.push('</', name, '>');
}

/** One element as its own XML document, root named after its kind, in the mediapackage namespace. */
export function serializeElement(el: MediaPackageElement): string {
  const node = nodeOf(el);
  const out = [DECLARATION];
  write({ [el.kind]: node[nameOf(node)], [ATTRS]: node[ATTRS] }, out, ` xmlns="${MEDIAPACKAGE_NAMESPACE}"`);
  return out.join('');
}

/** Opencast's element array: the element documents joined by `###`; no elements is ''. */
export function toElementArrayXml(els: readonly MediaPackageElement[]): string {
  return els.map(serializeElement).join(SEPARATOR);
}

/** Reads an element array as Opencast does: split on `###`, blank parts skipped. */
export function parseElementArray(text: string): MediaPackageElement[] {
  checkInput(text, 'element array');
  const elements: MediaPackageElement[] = [];
  text.split(SEPARATOR).forEach((part, index) => {
    if (!/\S/.test(part)) return;
    const label = `element ${index + 1} of the element array`;
    const node = parseDocument(part, label);
    const kind = nameOf(node);
    if (!ELEMENT_KINDS.includes(kind)) {
      throw new BadRequestError(`The ${label} is a <${kind}>; expected a track, catalog or attachment.`);
    }
    elements.push(toElement(kind as ElementKind, node, label));
  });
  return elements;
}

type Json = string | number | Json[] | { [key: string]: Json };

/** Collects values per key in first-seen order; a key met again (a repeated child) becomes an array. */
class JsonFields {
  private readonly fields = new Map<string, Json[]>();

  add(key: string, value: Json): void {
    const values = this.fields.get(key);
    if (values) values.push(value);
    else this.fields.set(key, [value]);
  }

  toObject(): Record<string, Json> {
    const out: Record<string, Json> = {};
    for (const [key, values] of this.fields) out[key] = values.length === 1 ? (values[0] as Json) : values;
    return out;
  }
}

function toJson(node: XmlNode): Json {
  const children = node[nameOf(node)] as XmlNode[];
  const attrs = node[ATTRS] as XmlAttributes | undefined;
  let text = '';
  let leaf = true;
  for (const child of children) {
    if (TEXT in child) text += child[TEXT] as string;
    else leaf = false;
  }
  if (leaf && !attrs) return text;
  const fields = new JsonFields();
  for (const [key, value] of Object.entries(attrs ?? {})) fields.add(key, String(value));
  for (const child of children) if (!(TEXT in child)) fields.add(nameOf(child), toJson(child));
  if (text !== '') fields.add('value', text);
  return fields.toObject();
}

/**
 * The element as JSON for `Accept: application/json`: the well-known fields first, typed as
 * callers expect, then every other attribute and child generically (leaf text as strings,
 * attributes and nested children as objects, repeats as arrays), so no field of the XML is lost.
 */
export function elementToJson(el: MediaPackageElement): Record<string, unknown> {
  const node = nodeOf(el);
  const attrs = (node[ATTRS] as XmlAttributes | undefined) ?? {};
  const fields = new JsonFields();
  fields.add('elementType', el.kind);
  fields.add('id', el.id);
  if (el.flavor !== undefined) fields.add('type', el.flavor);
  if (attrs.ref !== undefined) fields.add('ref', attrs.ref);
  if (el.mimetype !== undefined) fields.add('mimetype', el.mimetype);
  fields.add('tags', [...el.tags]);
  fields.add('url', el.url);
  if (el.checksum) fields.add('checksum', { type: el.checksum.type, value: el.checksum.value });
  if (el.size !== undefined) fields.add('size', el.size);
  for (const [key, value] of Object.entries(attrs)) {
    if (key !== 'id' && key !== 'type' && key !== 'ref') fields.add(key, String(value));
  }
  // The first of each well-known child is shown above; any repeat of it is kept generically.
  const shown = new Set(['mimetype', 'tags', 'url', 'checksum']);
  if (el.size !== undefined) shown.add('size');
  for (const child of node[nameOf(node)] as XmlNode[]) {
    if (TEXT in child) continue;
    const name = nameOf(child);
    if (!shown.delete(name)) fields.add(name, toJson(child));
  }
  return fields.toObject();
}
