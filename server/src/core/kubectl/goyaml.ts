/**
 * YAML as `kubectl get -o yaml` writes it: sigs.k8s.io/yaml turns the object's JSON into go-yaml
 * v2 values and marshals them. That fixes the details reproduced here: keys in go-yaml's "natural"
 * order, two-space indentation with sequences not indented under their key, strings that would
 * read as another type double-quoted, indicator characters single-quoted, multi-line strings as
 * literal blocks, and long lines folded at spaces past column 80.
 */
import { goYamlNumber } from './gofmt';

const BEST_WIDTH = 80;
const INDENT = 2;

type Json = unknown;

function isMap(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Marshals a plain JSON value; the result ends with a newline. */
export function toYaml(value: Json): string {
  const w = new Emitter();
  w.node(value, 0, 'root');
  return w.finish();
}

/** The output being written, with go-yaml's notion of the current column. */
class Emitter {
  private out = '';
  column = 0;

  write(text: string): void {
    this.out += text;
    this.column += [...text].length;
  }

  newline(indent: number): void {
    this.out += '\n' + ' '.repeat(indent);
    this.column = indent;
  }

  /** Starts a new line at `indent` unless the cursor already is at a fresh line start. */
  lineAt(indent: number): void {
    if (this.out === '' || this.out.endsWith('\n')) {
      this.write(' '.repeat(indent));
      return;
    }
    this.newline(indent);
  }

  finish(): string {
    return this.out.endsWith('\n') ? this.out : this.out + '\n';
  }

  /** Writes `value` at `indent`; `place` says what was written just before it on the line. */
  node(value: Json, indent: number, place: 'root' | 'value' | 'item'): void {
    if (Array.isArray(value) && value.length > 0) return this.sequence(value, indent, place);
    if (isMap(value) && Object.keys(value).length > 0) return this.mapping(value, indent, place);
    if (place !== 'root') this.write(' ');
    this.scalar(value, indent + INDENT, false);
  }

  private mapping(
    map: Record<string, Json>,
    indent: number,
    place: 'root' | 'value' | 'item',
  ): void {
    // A mapping inside a sequence item starts on the item's line, right after `- `.
    const keys = sortYamlKeys(Object.keys(map).filter((k) => map[k] !== undefined));
    keys.forEach((key, i) => {
      if (i === 0 && place === 'item') this.write(' ');
      else this.lineAt(indent);
      this.scalar(key, indent + INDENT, true);
      this.write(':');
      const child = map[key];
      const nested =
        (Array.isArray(child) || isMap(child)) && Object.keys(child as object).length > 0;
      if (!nested) {
        this.node(child, indent, 'value');
        return;
      }
      // go-yaml writes a sequence under a mapping key without indenting it.
      this.node(child, Array.isArray(child) ? indent : indent + INDENT, 'value');
    });
  }

  private sequence(items: Json[], indent: number, place: 'root' | 'value' | 'item'): void {
    items.forEach((item, i) => {
      if (i === 0 && place === 'item') this.write(' ');
      else this.lineAt(indent);
      this.write('-');
      const nested = (Array.isArray(item) || isMap(item)) && Object.keys(item as object).length > 0;
      if (nested) this.node(item, indent + INDENT, 'item');
      else this.node(item, indent, 'value');
    });
  }

  /** A scalar, `{}` or `[]`; `indent` is where folded or block lines continue. */
  scalar(value: Json, indent: number, simpleKey: boolean): void {
    if (value === null || value === undefined) return this.write('null');
    if (typeof value === 'boolean') return this.write(String(value));
    if (typeof value === 'number') return this.write(goYamlNumber(value));
    if (Array.isArray(value)) return this.write('[]');
    if (isMap(value)) return this.write('{}');
    this.string(String(value), indent, simpleKey);
  }

  private string(s: string, indent: number, simpleKey: boolean): void {
    const style = chooseStyle(s, simpleKey);
    switch (style) {
      case 'plain':
        return this.plain(s, indent, !simpleKey);
      case 'single':
        return this.singleQuoted(s, indent, !simpleKey);
      case 'double':
        return this.doubleQuoted(s, indent, !simpleKey);
      case 'literal':
        return this.literal(s, indent);
    }
  }

  private plain(s: string, indent: number, allowBreaks: boolean): void {
    const chars = [...s];
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== ' ')
          this.newline(indent);
        else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
  }

  private singleQuoted(s: string, indent: number, allowBreaks: boolean): void {
    const chars = [...s];
    this.write("'");
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === ' ') {
        const fold =
          allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1;
        if (fold && chars[i + 1] !== ' ') this.newline(indent);
        else this.write(c);
        spaces = true;
      } else {
        this.write(c === "'" ? "''" : c);
        spaces = false;
      }
    }
    this.write("'");
  }

  private doubleQuoted(s: string, indent: number, allowBreaks: boolean): void {
    const chars = [...s];
    this.write('"');
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      const cp = c.codePointAt(0)!;
      if (!isPrintable(cp) || cp === 0xfeff || isBreak(cp) || c === '"' || c === '\\') {
        this.write(escapeChar(cp));
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.newline(indent);
          if (chars[i + 1] === ' ') this.write('\\');
        } else {
          this.write(c);
        }
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.write('"');
  }

  private literal(s: string, indent: number): void {
    this.write('|' + blockHints(s));
    const lines = s.split('\n');
    // The final break belongs to the scalar; text after it would be a last line without one.
    const last = lines.pop()!;
    this.out += '\n';
    this.column = 0;
    for (const line of lines) {
      if (line !== '') this.out += ' '.repeat(indent) + line;
      this.out += '\n';
    }
    if (last !== '') {
      this.out += ' '.repeat(indent) + last;
      this.column = indent + [...last].length;
    }
  }
}

/** go-yaml's block scalar header: an indentation hint for a leading space, then chomping. */
function blockHints(s: string): string {
  let hints = s.startsWith(' ') || s.startsWith('\n') ? String(INDENT) : '';
  if (!s.endsWith('\n')) hints += '-';
  else if (s.length === 1 || s.endsWith('\n\n')) hints += '+';
  return hints;
}

function escapeChar(cp: number): string {
  const named: Record<number, string> = {
    0x00: '0',
    0x07: 'a',
    0x08: 'b',
    0x09: 't',
    0x0a: 'n',
    0x0b: 'v',
    0x0c: 'f',
    0x0d: 'r',
    0x1b: 'e',
    0x22: '"',
    0x5c: '\\',
    0x85: 'N',
    0xa0: '_',
    0x2028: 'L',
    0x2029: 'P',
  };
  if (named[cp] !== undefined) return '\\' + named[cp];
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return '\\x' + hex.padStart(2, '0');
  if (cp <= 0xffff) return '\\u' + hex.padStart(4, '0');
  return '\\U' + hex.padStart(8, '0');
}

function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

function isBreak(cp: number): boolean {
  return cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

/**
 * The encoder asks for a literal block when the string has a newline, plain when the string would
 * read back as a string, double quotes otherwise; the emitter then downgrades plain to single
 * quotes and single quotes or blocks to double quotes when the characters forbid them.
 */
function chooseStyle(s: string, simpleKey: boolean): Style {
  const a = analyze(s);
  let style: Style = s.includes('\n') ? 'literal' : resolvesAsString(s) ? 'plain' : 'double';
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain') {
    if (!a.blockPlainAllowed) style = 'single';
    if (s === '' && simpleKey) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  return style;
}

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const FIRST_INDICATORS = new Set([
  '#',
  ',',
  '[',
  ']',
  '{',
  '}',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
]);

/** yaml_emitter_analyze_scalar, reduced to what block context needs. */
function analyze(s: string): Analysis {
  if (s === '')
    return {
      multiline: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    };
  const chars = [...s];
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let special = false;
  let lineBreaks = false;
  let leading = false;
  let trailing = false;
  let trailingSpace = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  const blank = (c: string | undefined) =>
    c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const cp = c.codePointAt(0)!;
    const followedByBlank = blank(chars[i + 1]);
    if (i === 0) {
      if (FIRST_INDICATORS.has(c)) blockIndicators = true;
      if ((c === '?' || c === ':' || c === '-') && followedByBlank) blockIndicators = true;
    } else {
      if (c === ':' && followedByBlank) blockIndicators = true;
      if (c === '#' && blank(chars[i - 1])) blockIndicators = true;
    }
    if (!isPrintable(cp) || cp === 0xfeff) special = true;
    if (c === ' ') {
      if (i === 0) leading = true;
      if (i === chars.length - 1) {
        trailing = true;
        trailingSpace = true;
      }
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(cp)) {
      lineBreaks = true;
      if (i === 0) leading = true;
      if (i === chars.length - 1) trailing = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true;
      prevSpace = false;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
  }
  const a: Analysis = {
    multiline: lineBreaks,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leading || trailing) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) a.blockPlainAllowed = a.singleQuotedAllowed = false;
  if (spaceBreak || special) a.blockPlainAllowed = a.singleQuotedAllowed = a.blockAllowed = false;
  if (lineBreaks || blockIndicators) a.blockPlainAllowed = false;
  return a;
}

const BOOL_OR_NULL = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
  '',
  '~',
  'null',
  'Null',
  'NULL',
  '.nan',
  '.NaN',
  '.NAN',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '<<',
]);

const INT_RE = /^[-+]?(0b[01]+|0o?[0-7]+|0x[0-9a-fA-F]+|[0-9]+)$/;
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const TIMESTAMP_RE =
  /^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d*)?(Z|[-+]\d{1,2}(:\d{2})?)?)?$/;
const BASE60_RE = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/**
 * go-yaml's resolve(): true when the plain text would be read back as a string, not as a bool,
 * null, number or timestamp (and not as a YAML 1.1 base-60 float, which it also avoids).
 */
function resolvesAsString(s: string): boolean {
  if (BOOL_OR_NULL.has(s)) return false;
  if (BASE60_RE.test(s)) return false;
  // Only text starting with a digit or a sign is tried as a number or a timestamp.
  if (!/^[-+0-9]/.test(s)) return true;
  const plain = s.replace(/_/g, '');
  if (INT_RE.test(plain) && /[0-9]/.test(plain)) return false;
  return !FLOAT_RE.test(plain) && !TIMESTAMP_RE.test(s);
}

/**
 * go-yaml's key order (sorter.go keyList.Less): letters after other characters, runs of digits
 * compared as numbers, otherwise by code point.
 */
export function sortYamlKeys(keys: string[]): string[] {
  return keys.sort(compareYamlKeys);
}

function isLetter(c: string): boolean {
  return /\p{L}/u.test(c);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function compareYamlKeys(a: string, b: string): number {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! - br[i].codePointAt(0)!;
    if (al || bl) return bl ? -1 : 1;
    const d = compareDigitRuns(ar, br, i);
    if (d !== 0) return d;
    return ar[i].codePointAt(0)! - br[i].codePointAt(0)!;
  }
  return ar.length - br.length;
}

function compareDigitRuns(ar: string[], br: string[], i: number): number {
  let an = 0;
  let bn = 0;
  if (ar[i] === '0' || br[i] === '0') {
    for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
      if (ar[j] !== '0') {
        an = bn = 1;
        break;
      }
    }
  }
  let ai = i;
  let bi = i;
  for (; isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
  for (; isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
  if (an !== bn) return an - bn;
  return ai - bi;
}
