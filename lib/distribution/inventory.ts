/** What is distributed for one mediapackage in one channel: the way to see (and clean) leftovers. */
import type { ObjectStore, UrlSigner } from '../ports.ts';
import { assertSafeId, mediapackagePrefix, ownSegments, publicUrl } from './keys.ts';

export interface InventoryFile {
  name: string;
  key: string;
  size: number;
  url: string;
  lastModified?: string;
}

export interface Inventory {
  organization: string;
  channelId: string;
  mediapackageId: string;
  elements: { id: string; files: InventoryFile[] }[];
}

export interface InventoryDeps {
  store: ObjectStore;
  settings: { organization: string; distributionBucket: string; distributionBaseUrl: string };
  signer?: UrlSigner;
}

export async function inventory(deps: InventoryDeps, channelId: string, mediapackageId: string): Promise<Inventory> {
  const { settings } = deps;
  assertSafeId('channelId', channelId);
  assertSafeId('mediapackage id', mediapackageId, { allowSlash: true });
  const prefix = mediapackagePrefix({ organization: settings.organization, channelId, mediapackageId });
  const byElement = new Map<string, InventoryFile[]>();
  for await (const object of deps.store.list(settings.distributionBucket, prefix)) {
    // Exactly {elementId}/{fileName}: deeper keys belong to a mediapackage whose id extends this one.
    const own = ownSegments(prefix, object.key, 2);
    if (!own) continue;
    const [elementId = '', name = ''] = own;
    const unsigned = publicUrl(settings.distributionBaseUrl, object.key);
    const url = deps.signer ? await deps.signer.sign(object.key, unsigned) : unsigned;
    const files = byElement.get(elementId) ?? [];
    files.push({ name, key: object.key, size: object.size, url, lastModified: object.lastModified?.toISOString() });
    byElement.set(elementId, files);
  }
  return {
    organization: settings.organization,
    channelId,
    mediapackageId,
    elements: [...byElement.entries()].map(([id, files]) => ({ id, files })),
  };
}

/** This service's own document (Opencast has no inventory), in the style of Opencast's JAXB documents. */
export const INVENTORY_NAMESPACE = 'http://distribution.opencastproject.org';

// Keys found in the bucket may hold characters XML 1.0 cannot carry at all, even as references:
// they become U+FFFD here (the JSON form keeps them exactly). Tab, LF and CR are escaped in
// attributes, where XML would turn them into spaces.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SPECIAL = /[&<>"'\t\n\r]/g;
const NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escape = (value: string) => value.replace(NOT_XML, '\uFFFD').replace(SPECIAL, (c) => NAMED[c] ?? `&#${c.charCodeAt(0)};`);

export function inventoryToXml(inv: Inventory): string {
  const file = (f: InventoryFile) =>
    `<file name="${escape(f.name)}" size="${f.size}"${f.lastModified ? ` lastModified="${escape(f.lastModified)}"` : ''}>` +
    `<key>${escape(f.key)}</key><url>${escape(f.url)}</url></file>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<distribution xmlns="${INVENTORY_NAMESPACE}" organization="${escape(inv.organization)}" channel="${escape(inv.channelId)}" mediapackage="${escape(inv.mediapackageId)}">` +
    inv.elements.map((e) => `<element id="${escape(e.id)}">${e.files.map(file).join('')}</element>`).join('') +
    '</distribution>'
  );
}
