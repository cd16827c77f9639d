import { BadRequestError } from '../errors.ts';
import { toElement } from './element.ts';
import type { ElementKind, MediaPackage, MediaPackageElement, Publication } from './types.ts';
import { attrsOf, childrenOf, isText, nameOf, parseDocument, type XmlNode } from './xml.ts';

/** Where Opencast's mediapackage XML keeps each element kind. */
const SECTIONS = new Map<string, ElementKind>([
  ['media', 'track'],
  ['metadata', 'catalog'],
  ['attachments', 'attachment'],
]);

/**
 * Parses a mediapackage as Opencast writes it, whatever prefix its namespace is bound to, keeping
 * every element whole. Hostile or malformed input is a `BadRequestError` naming the problem.
 */
export function parseMediaPackage(xml: string): MediaPackage {
  const root = parseDocument(xml, 'mediapackage');
  const rootName = nameOf(root);
  if (rootName !== 'mediapackage') {
    throw new BadRequestError(`The mediapackage has the root element <${rootName}>; expected <mediapackage>.`);
  }
  const id = attrsOf(root)?.id;
  if (!id) throw new BadRequestError('The mediapackage has no id attribute.');
  const sections = childrenOf(root);
  return { id, elements: readElements(sections, ''), publications: readPublications(sections) };
}

function readElements(sections: XmlNode[], where: string): MediaPackageElement[] {
  const elements: MediaPackageElement[] = [];
  const counts = { track: 0, catalog: 0, attachment: 0 };
  for (const section of sections) {
    const kind = isText(section) ? undefined : SECTIONS.get(nameOf(section));
    if (!kind) continue;
    for (const child of childrenOf(section)) {
      if (isText(child) || nameOf(child) !== kind) continue;
      counts[kind]++;
      elements.push(toElement(kind, child, `${kind} ${counts[kind]}${where}`));
    }
  }
  return elements;
}

function readPublications(sections: XmlNode[]): Publication[] {
  const publications: Publication[] = [];
  for (const section of sections) {
    if (isText(section) || nameOf(section) !== 'publications') continue;
    for (const child of childrenOf(section)) {
      if (isText(child) || nameOf(child) !== 'publication') continue;
      const attrs = attrsOf(child);
      const id = attrs?.id ?? '';
      const where = ` of publication ${id ? `"${id}"` : publications.length + 1}`;
      publications.push({ id, channel: attrs?.channel ?? '', elements: readElements(childrenOf(child), where) });
    }
  }
  return publications;
}
