/**
 * HTML building blocks. Every value from outside this file passes through `escapeHtml`; the
 * page is also well-formed XML (quoted attributes, closed void elements, only XML's own
 * entities), which lets the tests parse it without an HTML parser.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * The route table's descriptions use Markdown code spans; they become <code>, everything else
 * stays text. Escaping first means a backtick can never open a tag.
 */
export function inlineText(value: string): string {
  return escapeHtml(value).replace(/`([^`]+)`/g, '<code>$1</code>');
}

export type Attributes = Record<string, string | number | boolean | undefined>;

/** `true` becomes `name=""` (valid HTML, well-formed XML); `false` and `undefined` are left out. */
export function attrs(attributes: Attributes): string {
  return Object.entries(attributes)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([name, value]) => ` ${name}="${value === true ? '' : escapeHtml(String(value))}"`)
    .join('');
}

/** HTML ids and fragment links from route names and param names. */
export function slug(...parts: string[]): string {
  return parts
    .join('-')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A path that may wrap after each `/` instead of inside a name. */
export function breakablePath(path: string): string {
  return escapeHtml(path).replace(/\//g, '/<wbr />').replace(/^\/<wbr \/>/, '/');
}
