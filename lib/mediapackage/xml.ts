/**
 * Hardened XML reading shared by mediapackages and element arrays. Internal to this module.
 *
 * Nodes keep fast-xml-parser's `preserveOrder` shape, `{ [name]: children, ':@'?: attributes }` or
 * `{ '#text': text }`, so nothing is copied after parsing and document order survives.
 */
import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser';
import { BadRequestError } from '../errors.ts';

export type XmlNode = Record<string, unknown>;
export type XmlAttributes = Record<string, string>;

export const ATTRS = ':@';
export const TEXT = '#text';

export const MAX_BYTES = 10 * 1024 * 1024;
export const MAX_DEPTH = 64;

/** Thrown while decoding references; `parseDocument` prefixes it with what was being parsed. */
class XmlReferenceError extends Error {}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REFERENCE = /&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|([^\s&;]+));/g;

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/**
 * XML 1.0 reference semantics, which fast-xml-parser does not give by default: its default decoder
 * leaves `&#233;` undecoded, and `htmlEntities` adds HTML names such as `&nbsp;` that XML does not
 * define. Undeclared names and references to characters XML forbids are errors, as in Opencast's parser.
 */
const xmlReferences: EntityDecoderOptions = {
  decode(text: string): string {
    if (!text.includes('&')) return text;
    return text.replace(REFERENCE, (ref, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
      if (name !== undefined) {
        const value = PREDEFINED[name];
        if (value === undefined) throw new XmlReferenceError(`references the undeclared entity ${ref}`);
        return value;
      }
      const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? '', 10);
      if (!isXmlChar(cp)) throw new XmlReferenceError(`contains the character reference ${ref}, which XML does not allow`);
      return String.fromCodePoint(cp);
    });
  },
  reset() {},
  setXmlVersion() {},
  setExternalEntities() {},
  addInputEntities() {
    throw new XmlReferenceError('must not contain a DOCTYPE or entity declarations');
  },
};

const parser = new XMLParser({
  preserveOrder: true, // keeps document order and repeated children, so serialization is lossless
  ignoreAttributes: false,
  attributeNamePrefix: '', // attributes live under ':@' already; keep their real names
  removeNSPrefix: true, // `ns2:track` and `track` are the same element; drops xmlns declarations too
  parseTagValue: false, // `24.98`, `1004400000`, `0x1` stay strings
  parseAttributeValue: false,
  trimValues: true, // drops indentation; no mediapackage field has meaningful edge whitespace
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  entityDecoder: xmlReferences,
  maxNestedTags: MAX_DEPTH - 1, // the parser allows one level more than this number
  onDangerousProperty: (name) => name, // own properties named `toString` are harmless here; renaming them would lose data
  jPath: false, // no callback needs the path; building its string for every tag costs ~5% of the parse
});

const FORBIDDEN_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const DECLARATION = /<!(?:DOCTYPE|ENTITY)/i;

/** One sentence for the client: `The mediapackage is not well-formed XML: … (line 3, column 7).` */
function bad(what: string, problem: string): BadRequestError {
  return new BadRequestError(`The ${what} ${problem}${/[.!?]$/.test(problem) ? '' : '.'}`);
}

function lineAndColumn(text: string, index: number): string {
  const before = text.slice(0, index);
  let line = 1;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++;
  return `line ${line}, column ${index - before.lastIndexOf('\n')}`;
}

/** The validator names unclosed tags as a JSON array dump; say it in words. */
function readable(message: string): string {
  const unclosed = /^Invalid '(\[[\s\S]*\])' found\.$/.exec(message);
  if (!unclosed) return message;
  try {
    const tags = JSON.parse(unclosed[1]!) as string[];
    return `${tags.map((tag) => `<${tag}>`).join(', ')} ${tags.length === 1 ? 'is' : 'are'} never closed.`;
  } catch {
    return message;
  }
}

function clip(message: string): string {
  // The validator quotes the offending token, which can be megabytes long.
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

/** Rejects what is not a string or is larger than the service accepts. */
export function checkInput(text: unknown, what: string): asserts text is string {
  if (typeof text !== 'string') throw bad(what, 'must be a string');
  // A UTF-16 unit is at most 3 UTF-8 bytes, so the exact count is only needed near the limit.
  if (text.length > MAX_BYTES || (text.length * 3 > MAX_BYTES && Buffer.byteLength(text, 'utf8') > MAX_BYTES)) {
    throw bad(what, `is larger than ${MAX_BYTES / 1024 / 1024} MiB`);
  }
}

/** Parses one XML document and returns its root element, prefix-free, with adjacent text merged. */
export function parseDocument(text: unknown, what: string): XmlNode {
  checkInput(text, what);
  const xml = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!/\S/.test(xml)) throw bad(what, 'is empty');
  if (DECLARATION.test(xml)) throw bad(what, 'must not contain a DOCTYPE or entity declarations');
  const forbidden = xml.search(FORBIDDEN_CHAR);
  if (forbidden !== -1) {
    const code = xml.charCodeAt(forbidden).toString(16).toUpperCase().padStart(4, '0');
    throw bad(what, `contains the character U+${code}, which XML does not allow (${lineAndColumn(xml, forbidden)})`);
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw bad(what, `is not well-formed XML: ${clip(readable(msg))} (line ${line}, column ${col})`);
  }
  let top: XmlNode[];
  try {
    top = parser.parse(xml) as XmlNode[];
  } catch (error) {
    if (error instanceof XmlReferenceError) throw bad(what, error.message);
    const message = error instanceof Error ? error.message : String(error);
    if (message === 'Maximum nested tags exceeded') throw bad(what, `is nested deeper than ${MAX_DEPTH} levels`);
    throw bad(what, `could not be parsed: ${clip(message)}`);
  }
  const roots = top.filter((node) => !(TEXT in node));
  // The validator lets text after a self-closing root through and the parser drops it.
  const trailing = /\S/.test(xml.slice(xml.lastIndexOf('>') + 1));
  if (roots.length !== top.length || trailing) throw bad(what, 'has text outside its root element');
  if (roots.length !== 1) throw bad(what, roots.length ? 'has more than one root element' : 'has no root element');
  const root = roots[0] as XmlNode;
  mergeText(root);
  return root;
}

/**
 * CDATA sections and processing instructions split text into several nodes, and an empty CDATA
 * leaves an empty one; serializing writes them as one text, so merge them now to make
 * parse → serialize → parse yield identical nodes. Iterative: depth is bounded, but stay cheap.
 */
function mergeText(root: XmlNode): void {
  const stack = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const name = nameOf(node);
    const children = node[name] as XmlNode[];
    let untidy = false;
    let previousWasText = false;
    for (const child of children) {
      const isText = TEXT in child;
      if (isText && (previousWasText || child[TEXT] === '')) untidy = true;
      if (!isText) stack.push(child);
      previousWasText = isText;
    }
    if (untidy) node[name] = tidy(children);
  }
}

function tidy(children: XmlNode[]): XmlNode[] {
  const out: XmlNode[] = [];
  for (const child of children) {
    const last = out[out.length - 1];
    if (!(TEXT in child)) out.push(child);
    else if (child[TEXT] === '') continue;
    else if (last && TEXT in last) out[out.length - 1] = { [TEXT]: `${last[TEXT] as string}${child[TEXT] as string}` };
    else out.push(child);
  }
  return out;
}

export function nameOf(node: XmlNode): string {
  for (const key in node) if (key !== ATTRS) return key;
  return '';
}

export function childrenOf(node: XmlNode): XmlNode[] {
  const children = node[nameOf(node)];
  return Array.isArray(children) ? (children as XmlNode[]) : [];
}

export function attrsOf(node: XmlNode): XmlAttributes | undefined {
  return node[ATTRS] as XmlAttributes | undefined;
}

export function isText(node: XmlNode): boolean {
  return TEXT in node;
}

/** The element's own text (its text children joined); '' when it has none. */
export function textOf(node: XmlNode): string {
  let text = '';
  for (const child of childrenOf(node)) if (TEXT in child) text += child[TEXT] as string;
  return text;
}

export function makeNode(name: string, children: XmlNode[], attrs?: XmlAttributes): XmlNode {
  return attrs ? { [name]: children, [ATTRS]: attrs } : { [name]: children };
}

export function textNode(text: string): XmlNode[] {
  return text === '' ? [] : [{ [TEXT]: text }];
}
