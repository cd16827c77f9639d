/** What is distributed for one mediapackage in one channel: the way to see (and clean) leftovers. */
import type { ObjectStore, UrlSigner } from '../ports.ts';
import { assertSafeId, mediapackagePrefix, publicUrl } from './keys.ts';

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
    const parts = object.key.slice(prefix.length).split('/');
    if (parts.length !== 2) continue;
    const [elementId = '', name = ''] = parts;
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

const escape = (value: string) => value.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function inventoryToXml(inv: Inventory): string {
  const files = (list: InventoryFile[]) =>
    list
      .map((f) => `<file name="${escape(f.name)}" size="${f.size}"${f.lastModified ? ` lastModified="${f.lastModified}"` : ''}><url>${escape(f.url)}</url></file>`)
      .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<distribution xmlns="http://distribution.opencastproject.org" organization="${escape(inv.organization)}" channel="${escape(inv.channelId)}" mediapackage="${escape(inv.mediapackageId)}">` +
    inv.elements.map((e) => `<element id="${escape(e.id)}">${files(e.files)}</element>`).join('') +
    '</distribution>'
  );
}
