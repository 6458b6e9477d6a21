/**
 * The string forms the API server's decoder parses itself: quantities and base64 bytes. Each
 * function returns the decoder's error text, or undefined when the text decodes.
 */
import { ERR_FORMAT_WRONG, isQuantityError, parseQuantity } from '../../api/quantity';

export const QUANTITY_FORMAT_WRONG = ERR_FORMAT_WRONG;

/** The API server's error for a quantity string (after the JSON decoder trims it), if any. */
export function quantityError(text: string): string | undefined {
  const parsed = parseQuantity(text);
  return isQuantityError(parsed) ? parsed.error : undefined;
}

const BASE64 = /[A-Za-z0-9+/]/;

/**
 * Checks a string as Go's standard base64 decoder reads a `[]byte` field: padded, with carriage
 * returns and newlines ignored. Offsets count UTF-8 bytes, as Go's do.
 */
export function base64Error(text: string): string | undefined {
  const bytes = utf8(text);
  const at = corruptOffset(bytes);
  return at === undefined ? undefined : `illegal base64 data at input byte ${at}`;
}

function utf8(text: string): string[] {
  // One entry per UTF-8 byte; non-ASCII bytes are never base64, so their value does not matter.
  const out: string[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    out.push(ch, ...Array<string>(size - 1).fill('\u0080'));
  }
  return out;
}

const isNewline = (c: string | undefined): boolean => c === '\n' || c === '\r';

/** The offset Go's decoder reports as corrupt, or undefined; one quantum of four at a time. */
function corruptOffset(src: string[]): number | undefined {
  let si = 0;
  for (;;) {
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return undefined;
        return si - j;
      }
      const c = src[si++];
      if (BASE64.test(c)) continue;
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== '=') return si - 1;
      return paddingOffset(src, si, j);
    }
  }
}

function paddingOffset(src: string[], after: number, j: number): number | undefined {
  if (j < 2) return after - 1;
  let si = after;
  if (j === 2) {
    while (si < src.length && isNewline(src[si])) si++;
    if (si === src.length) return src.length;
    if (src[si] !== '=') return si - 1;
    si++;
  }
  while (si < src.length && isNewline(src[si])) si++;
  return si < src.length ? si : undefined;
}

/** A string as Go's %q writes it: double quotes, with control characters escaped. */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}
