import { BadRequestError } from '../errors.ts';
import type { ElementKind, MediaPackage, MediaPackageElement } from './types.ts';
import { attrsOf, childrenOf, isText, makeNode, nameOf, textNode, textOf, type XmlAttributes, type XmlNode } from './xml.ts';

export const ELEMENT_KINDS: readonly string[] = ['track', 'catalog', 'attachment'] satisfies ElementKind[];

const DIGITS = /^[0-9]+$/;

/** Reads the fields callers need from an element node; `label` ("track 2") names it in errors. */
export function toElement(kind: ElementKind, node: XmlNode, label: string): MediaPackageElement {
  const attrs = attrsOf(node);
  const id = attrs?.id;
  if (!id) throw new BadRequestError(`The ${label} has no id attribute.`);
  let url: string | undefined;
  let mimetype: string | undefined;
  let tags: string[] | undefined;
  let checksum: MediaPackageElement['checksum'];
  let sizeText: string | undefined;
  // The first occurrence of a field wins, as the node keeps any repeats for serialization.
  for (const child of childrenOf(node)) {
    if (isText(child)) continue;
    const name = nameOf(child);
    if (name === 'url') url ??= textOf(child);
    else if (name === 'mimetype') mimetype ??= textOf(child);
    else if (name === 'tags') tags ??= tagsOf(child);
    else if (name === 'checksum') checksum ??= { type: attrsOf(child)?.type ?? '', value: textOf(child) };
    else if (name === 'size') sizeText ??= textOf(child);
  }
  const element: MediaPackageElement = { kind, id, url: url ?? '', tags: tags ?? [], node };
  if (attrs.type !== undefined) element.flavor = attrs.type;
  if (mimetype !== undefined) element.mimetype = mimetype;
  if (checksum) element.checksum = checksum;
  // A size that is not a byte count stays in the node (and in JSON as text) rather than failing the request.
  const size = sizeText !== undefined && DIGITS.test(sizeText) ? Number(sizeText) : NaN;
  if (Number.isSafeInteger(size)) element.size = size;
  return element;
}

function tagsOf(node: XmlNode): string[] {
  const tags: string[] = [];
  for (const child of childrenOf(node)) {
    if (!isText(child) && nameOf(child) === 'tag') {
      const tag = textOf(child);
      if (tag !== '') tags.push(tag);
    }
  }
  return tags;
}

/**
 * The element's XML node. Elements built by hand, without a parsed node, get one made from their
 * fields, so every element can be serialized.
 */
export function nodeOf(el: MediaPackageElement): XmlNode {
  const node = el.node as XmlNode | null | undefined;
  if (typeof node === 'object' && node !== null && Array.isArray(node[el.kind])) return node;
  const attrs: XmlAttributes = { id: el.id };
  if (el.flavor !== undefined) attrs.type = el.flavor;
  const children: XmlNode[] = [];
  if (el.mimetype !== undefined) children.push(makeNode('mimetype', textNode(el.mimetype)));
  if (el.tags.length) children.push(makeNode('tags', el.tags.map((tag) => makeNode('tag', textNode(tag)))));
  children.push(makeNode('url', textNode(el.url)));
  if (el.checksum) children.push(makeNode('checksum', textNode(el.checksum.value), { type: el.checksum.type }));
  if (el.size !== undefined) children.push(makeNode('size', textNode(String(el.size))));
  return makeNode(el.kind, children, attrs);
}

/** A copy of the element in which only the `<url>` text differs; a missing `<url>` is added where Opencast puts it. */
export function withUrl(el: MediaPackageElement, url: string): MediaPackageElement {
  const node = nodeOf(el);
  const children = childrenOf(node);
  let replaced = false;
  const next = children.map((child) => {
    if (replaced || isText(child) || nameOf(child) !== 'url') return child;
    replaced = true;
    return makeNode('url', textNode(url), attrsOf(child));
  });
  if (!replaced) {
    // Opencast writes mimetype and tags before url.
    const at = next.findIndex((child) => isText(child) || !['mimetype', 'tags'].includes(nameOf(child)));
    next.splice(at === -1 ? next.length : at, 0, makeNode('url', textNode(url)));
  }
  return { ...el, url, node: makeNode(nameOf(node), next, attrsOf(node)) };
}

/**
 * Looks an id up as Opencast's distribution service does: among the top-level tracks, catalogs and
 * attachments first, then among the elements of the publications of the given channel.
 */
export function findElement(mp: MediaPackage, id: string, channelId: string): MediaPackageElement | undefined {
  const top = mp.elements.find((el) => el.id === id);
  if (top) return top;
  for (const publication of mp.publications) {
    if (publication.channel !== channelId) continue;
    const found = publication.elements.find((el) => el.id === id);
    if (found) return found;
  }
  return undefined;
}
