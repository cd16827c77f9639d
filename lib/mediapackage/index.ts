export type { ElementKind, MediaPackage, MediaPackageElement, Publication } from './types.ts';
export { MEDIAPACKAGE_NAMESPACE } from './types.ts';
export { parseMediaPackage } from './parse.ts';
export { elementToJson, parseElementArray, serializeElement, toElementArrayXml } from './serialize.ts';
export { findElement, withUrl } from './element.ts';
export { parseElementIds } from './element-ids.ts';
