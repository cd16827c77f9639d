import { BadRequestError } from '../errors.ts';

/**
 * Reads the `elementId` form parameter.
 *
 * Opencast's `DownloadDistributionRestService` hands it to `new Gson().fromJson(elementId,
 * Set<String>)`, and Gson's default reader is lenient: besides JSON arrays it takes single-quoted
 * and unquoted strings and `;` between items (the REST docs even show `['IdOne','IdTwo']`).
 * Opencast's own remote client sends `gson.toJson(ids)`: `["a","b"]`, with `\u003d`-style escapes.
 * Unlike Gson, a bare id is accepted as a single id, and where Gson would yield a null item
 * (`[a,,b]`) or a number it turned into text, this is a 400 naming the item.
 */
export function parseElementIds(raw: string): string[] {
  if (typeof raw !== 'string' || !/\S/.test(raw)) throw new BadRequestError('The form parameter "elementId" is required.');
  const text = raw.trim();
  if (!text.startsWith('[')) return [text];
  return [...new Set(new ArrayReader(text).read())];
}

const NOT_A_STRING = /^(?:null|true|false|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)$/;
const BARE_END = new Set([',', ';', '[', ']', '{', '}', '"', "'"]);
const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', '\n': '\n' };

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f';
}

function malformed(problem: string): BadRequestError {
  return new BadRequestError(`The elementId is not a well-formed array: ${problem}.`);
}

class ArrayReader {
  private pos = 1; // just past '['

  constructor(private readonly text: string) {}

  read(): string[] {
    const ids: string[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') this.pos++;
    else {
      for (;;) {
        ids.push(this.readItem(ids.length + 1));
        this.skipSpace();
        const char = this.text[this.pos++];
        if (char === ']') break;
        if (char === undefined) throw malformed('it has no closing "]"');
        if (char !== ',' && char !== ';') throw malformed(`unexpected ${JSON.stringify(char)} at position ${this.pos}`);
      }
    }
    this.skipSpace();
    if (this.pos < this.text.length) throw malformed(`unexpected text after "]" at position ${this.pos + 1}`);
    return ids;
  }

  private readItem(n: number): string {
    this.skipSpace();
    const char = this.text[this.pos];
    if (char === undefined) throw malformed('it has no closing "]"');
    if (char === '[' || char === '{') {
      throw new BadRequestError(`The elementId item ${n} must be a string, not ${char === '[' ? 'an array' : 'an object'}.`);
    }
    const quoted = char === '"' || char === "'";
    const value = quoted ? this.readQuoted(char) : this.readBare();
    if (!quoted && NOT_A_STRING.test(value)) throw new BadRequestError(`The elementId item ${n} must be a string, not ${value}.`);
    const id = value.trim();
    if (id === '') throw new BadRequestError(`The elementId item ${n} is an empty id.`);
    return id;
  }

  private readBare(): string {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const char = this.text[this.pos] as string;
      if (isSpace(char) || BARE_END.has(char)) break;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  private readQuoted(quote: string): string {
    const start = this.pos++;
    let value = '';
    for (;;) {
      const char = this.text[this.pos++];
      if (char === undefined) throw malformed(`the string at position ${start + 1} is not closed`);
      if (char === quote) return value;
      if (char !== '\\') {
        value += char;
        continue;
      }
      const escaped = this.text[this.pos++];
      if (escaped === 'u') {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
          const shown = /^[0-9A-Fa-f]*/.exec(hex)?.[0] ?? '';
          throw malformed(`invalid escape "\\u${shown}" at position ${this.pos - 1}`);
        }
        value += String.fromCharCode(parseInt(hex, 16));
        this.pos += 4;
      } else if (escaped !== undefined && Object.hasOwn(ESCAPES, escaped)) {
        value += ESCAPES[escaped];
      } else {
        throw malformed(`invalid escape "\\${escaped ?? ''}" at position ${this.pos - 1}`);
      }
    }
  }

  private skipSpace(): void {
    while (isSpace(this.text[this.pos])) this.pos++;
  }
}
