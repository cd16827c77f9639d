/** Fixture factories for mediapackages, so tests say only what matters to them. */

export interface ElementSpec {
  id: string;
  kind?: 'track' | 'catalog' | 'attachment';
  url: string;
  mimetype?: string;
  flavor?: string;
  extra?: string;
}

const SECTION = { track: 'media', catalog: 'metadata', attachment: 'attachments' } as const;

const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export function mediapackageXml(id: string, elements: ElementSpec[], publications = ''): string {
  const section = (kind: keyof typeof SECTION) =>
    `<${SECTION[kind]}>${elements
      .filter((e) => (e.kind ?? 'track') === kind)
      .map(
        (e) =>
          `<${kind} id="${escape(e.id)}" type="${escape(e.flavor ?? 'presenter/delivery')}"><mimetype>${escape(e.mimetype ?? 'video/mp4')}</mimetype><url>${escape(e.url)}</url>${e.extra ?? ''}</${kind}>`,
      )
      .join('')}</${SECTION[kind]}>`;
  return `<?xml version="1.0" encoding="UTF-8"?><mediapackage xmlns="http://mediapackage.opencastproject.org" id="${escape(id)}">${section('track')}${section('catalog')}${section('attachment')}${publications}</mediapackage>`;
}
