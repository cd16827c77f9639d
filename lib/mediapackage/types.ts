export const MEDIAPACKAGE_NAMESPACE = 'http://mediapackage.opencastproject.org';

export type ElementKind = 'track' | 'catalog' | 'attachment';

export interface MediaPackageElement {
  kind: ElementKind;
  id: string;
  /** Text of `<url>` exactly as given (may be relative); '' if absent. */
  url: string;
  /** The `type` attribute. */
  flavor?: string;
  mimetype?: string;
  tags: string[];
  checksum?: { type: string; value: string };
  size?: number;
  /** The whole element, namespace prefixes removed, in document order, so serialization is lossless. Opaque to callers. */
  readonly node: unknown;
}

export interface Publication {
  id: string;
  channel: string;
  elements: MediaPackageElement[];
}

export interface MediaPackage {
  id: string;
  elements: MediaPackageElement[];
  publications: Publication[];
}
