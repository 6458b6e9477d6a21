import { goPlainNumber } from './scalars';
/**
 * A fast decoder for the plain YAML that Kubernetes manifests are written in.
 *
 * It reads one chunk of text (one document, as `parse.ts` splits a file) and produces the same
 * value as the `yaml` package does with the YAML 1.1 schema that kubectl uses, but in a single
 * pass with no syntax tree. It only answers when it is certain: anything outside the subset it
 * knows exactly (anchors, tags, complex keys, odd indentation, anything that would make the
 * `yaml` package report an error or a warning) makes it give up, and the caller then takes the
 * slow path, which also produces the problems.
 */

export type FastResult =
  | { ok: true; empty: boolean; value: unknown; contentStart: number }
  | { ok: false; reason: string };

/** Decodes one document's chunk, or gives up; never throws. */
export function fastDecode(chunk: string): FastResult {
  try {
    return new Decoder(chunk).document();
  } catch (err) {
    if (err instanceof Bail) return { ok: false, reason: err.reason };
    // A bug here must not break the caller: the slow path still gives the right answer.
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: `internal error: ${message}` };
  }
}

/** How deep collections may nest; deeper documents go to the slow path, which refuses them. */
const MAX_DEPTH = 200;

/** Longest implicit key: the `yaml` package wants the `:` within 1024 characters of its start. */
const MAX_KEY_LENGTH = 1000;

/** Thrown to abandon the fast path; carries why, for diagnostics and tests. */
class Bail {
  constructor(readonly reason: string) {}
}

function bail(reason: string): never {
  throw new Bail(reason);
}

// Character codes.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const HASH = 35;
const SQUOTE = 39;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const GT = 62;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LOWER_X = 120;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;
const BOM = 0xfeff;

/** How a scan of a plain scalar on one line stopped. */
const AT_EOL = 0;
const AT_COMMENT = 1;
const AT_KEY = 2;
const AT_FLOW = 3;

/** Where a node starts, which decides what it may be. */
const ROOT = 0;
/** On a line of its own below a `key:` or `-` that had nothing after it. */
const NEXT_LINE = 1;
/** After `- ` on the same line: a compact mapping or sequence may start here. */
const AFTER_DASH = 2;
/** After `key: ` on the same line: only a scalar or a flow collection. */
const AFTER_COLON = 3;

/** True for the end of a line: LF, CR (checked when consumed) or the end of the text (NaN). */
function isBreak(c: number): boolean {
  return c === LF || c === CR || c !== c;
}

/** A space, a line end or the end of the text: what must follow an indicator such as `-` or `:`. */
function isBlankOrBreak(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c !== c;
}

/** In a flow collection, `-` followed by this is an indicator rather than part of a scalar. */
function isIndicatorInFlow(next: number): boolean {
  return isBlankOrBreak(next) || next === TAB || isFlowIndicator(next);
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

/**
 * Characters that may not start a plain scalar here, or that start a construct this decoder
 * leaves to the `yaml` package: tags, anchors, aliases, directives, reserved characters and
 * complex keys. Quotes, brackets and block indicators are handled before this check.
 */
function isIndicatorStart(c: number): boolean {
  switch (c) {
    case 33: // ! tag
    case DQUOTE:
    case HASH:
    case 37: // % directive
    case 38: // & anchor
    case SQUOTE:
    case 42: // * alias
    case COMMA:
    case COLON:
    case GT:
    case 63: // ? complex key
    case 64: // @ reserved
    case LBRACKET:
    case RBRACKET:
    case 96: // ` reserved
    case LBRACE:
    case PIPE:
    case RBRACE:
      return true;
    default:
      return c < SPACE || c !== c;
  }
}

class Decoder {
  private readonly s: string;
  private readonly n: number;
  /** The current position. Between nodes it is at the first character of a content line. */
  private pos = 0;
  /** Start of the line holding `pos`. */
  private lineStart = 0;
  /** Indentation of the content line at `pos`, or -1 at the end of the text. */
  private indent = -1;
  private depth = 0;
  /**
   * The lowest indentation to which the blank and comment lines that the last `nextContentLine`
   * skipped lower the `yaml` package's notion of how far a scalar's continuation lines must be
   * indented. It lowers it to a line's indentation when the character after the line's first
   * non-space one is not blank: a comment like `#x`, or a blank line followed by a line starting
   * in column 0. Then a scalar on the next line may continue into less indented lines.
   */
  private lowered = Number.MAX_SAFE_INTEGER;
  /** Nesting of flow collections around the current position, 1 for the outermost. */
  private flowLevel = 0;
  /** End (exclusive) of the text found by the last plain scan. */
  private tokenEnd = 0;
  /** Where the last plain scan stopped (the `:` of a key, a comment's space, a line end). */
  private stopIndex = 0;
  /** Why the last plain scan stopped: AT_EOL, AT_COMMENT, AT_KEY or AT_FLOW. */
  private stopAt = 0;
  /** True when the last quoted scalar spanned lines. */
  private multiline = false;

  constructor(text: string) {
    this.s = text;
    this.n = text.length;
  }

  document(): FastResult {
    const s = this.s;
    if (s.charCodeAt(0) === BOM) bail('byte order mark');
    this.nextContentLine(true);
    // Before the document starts, the `yaml` package drops a byte order mark at a line start.
    if (s.charCodeAt(this.pos) === BOM) bail('byte order mark');
    let markerEnd = -1;
    if (this.indent === 0 && this.isMarker(this.pos)) {
      if (s.charCodeAt(this.pos) === DOT) bail('document end marker');
      if (s.charCodeAt(this.pos + 3) === TAB) bail('tab after ---');
      this.pos += 3;
      while (s.charCodeAt(this.pos) === SPACE) this.pos++;
      markerEnd = this.pos;
      this.endLine();
    }
    if (this.indent < 0) {
      // Text without a marker and without content is no document at all for the `yaml` package.
      if (markerEnd < 0) bail('no document');
      return { ok: true, empty: true, value: null, contentStart: markerEnd };
    }
    const contentStart = this.pos;
    const value = this.node(-1, this.indent, ROOT);
    if (this.indent >= 0) bail('text after the document content');
    return { ok: true, empty: false, value, contentStart };
  }

  // ---- Lines ------------------------------------------------------------------------------

  /**
   * From the start of a line, skips blank and comment lines and stops at the first character of
   * the next content line, setting `indent`; at the end of the text `indent` is -1.
   */
  private nextContentLine(firstLine = false): void {
    const s = this.s;
    let p = this.pos;
    this.lowered = Number.MAX_SAFE_INTEGER;
    for (;;) {
      let i = p;
      while (s.charCodeAt(i) === SPACE) i++;
      const c = s.charCodeAt(i);
      if ((c === LF || c === HASH) && i - p < this.lowered) {
        const after = s.charCodeAt(i + 1);
        if (!isBlankOrBreak(after) && after !== TAB) this.lowered = i - p;
      }
      if (c === LF) {
        p = i + 1;
      } else if (c === HASH) {
        const nl = s.indexOf('\n', i);
        p = nl < 0 ? this.n : nl + 1;
      } else if (c === CR) {
        if (s.charCodeAt(i + 1) !== LF) bail('carriage return without line feed');
        p = i + 2;
      } else if (c !== c) {
        this.pos = this.n;
        this.indent = -1;
        return;
      } else {
        if (c === TAB) bail('tab in indentation');
        if (i === p && this.isMarker(i) && !firstLine) bail('document marker');
        this.lineStart = p;
        this.indent = i - p;
        this.pos = i;
        return;
      }
    }
  }

  /** True when a `---` or `...` marker starts at `i` (at the start of a line). */
  private isMarker(i: number): boolean {
    const s = this.s;
    const c = s.charCodeAt(i);
    if (c !== MINUS && c !== DOT) return false;
    if (s.charCodeAt(i + 1) !== c || s.charCodeAt(i + 2) !== c) return false;
    const next = s.charCodeAt(i + 3);
    return isBlankOrBreak(next) || next === TAB;
  }

  /** After a value: allows spaces and a comment, then finds the next content line. */
  private endLine(): void {
    this.skipLineEnd();
    this.nextContentLine();
  }

  /** Moves past trailing spaces, an optional comment and the line break. */
  private skipLineEnd(): void {
    const s = this.s;
    let i = this.pos;
    while (s.charCodeAt(i) === SPACE) i++;
    const c = s.charCodeAt(i);
    if (c === LF) {
      this.pos = i + 1;
    } else if (c === HASH && s.charCodeAt(i - 1) === SPACE) {
      const nl = s.indexOf('\n', i);
      this.pos = nl < 0 ? this.n : nl + 1;
    } else if (c === CR && s.charCodeAt(i + 1) === LF) {
      this.pos = i + 2;
    } else if (c !== c) {
      this.pos = this.n;
    } else {
      bail('unexpected text after a value');
    }
  }

  /** True when a block sequence entry (`-` and a space or line end) starts at `i`. */
  private isDash(i: number): boolean {
    return this.s.charCodeAt(i) === MINUS && isBlankOrBreak(this.s.charCodeAt(i + 1));
  }

  /** Index just past the line break at `i` (which is at LF, CR LF or the end of the text). */
  private afterBreak(i: number): number {
    const c = this.s.charCodeAt(i);
    if (c === LF) return i + 1;
    if (c === CR) {
      if (this.s.charCodeAt(i + 1) !== LF) bail('carriage return without line feed');
      return i + 2;
    }
    return this.n;
  }

  // ---- Block structure --------------------------------------------------------------------

  /**
   * Reads the node at `pos`, which is at column `col`; `parent` is the indentation of the
   * collection holding it (-1 at the root). Leaves `pos` at the next content line.
   */
  private node(parent: number, col: number, where: number): unknown {
    const s = this.s;
    const c = s.charCodeAt(this.pos);
    if (this.isDash(this.pos)) {
      if (where === AFTER_COLON) bail('sequence on the line of its key');
      return this.blockSequence(col);
    }
    // A scalar or flow collection could continue into less indented lines then (see `lowered`).
    const lowered = where === NEXT_LINE && this.lowered <= parent;
    if (c === LBRACKET || c === LBRACE) {
      if (lowered) bail('lowered indentation');
      return this.flowInBlock(parent);
    }
    if (c === DQUOTE || c === SQUOTE) return this.quotedInBlock(parent, col, where, lowered);
    if (c === PIPE || c === GT) {
      if (where === ROOT || where === NEXT_LINE) bail('block scalar on a line of its own');
      return this.blockScalar(parent);
    }
    if (isIndicatorStart(c)) bail('indicator at the start of a node');
    this.scanPlain();
    if (this.stopAt === AT_KEY) {
      if (where === AFTER_COLON) bail('mapping on the line of its key');
      const key = this.plainKey(this.pos, this.tokenEnd);
      return this.blockMapping(col, key);
    }
    if (where === ROOT) bail('scalar document');
    if (lowered) bail('lowered indentation');
    return this.plainInBlock(parent);
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) bail('nesting too deep');
  }

  /** A block sequence whose first `-` is at `pos`, in column `col`. */
  private blockSequence(col: number): unknown[] {
    this.enter();
    const items: unknown[] = [];
    for (;;) {
      this.pos++;
      items.push(this.sequenceItem(col));
      if (this.indent !== col || !this.isDash(this.pos)) break;
    }
    if (this.indent > col) bail('bad indentation after a sequence item');
    this.depth--;
    return items;
  }

  /** The item after a `-` (with `pos` just past it) of a sequence in column `col`. */
  private sequenceItem(col: number): unknown {
    const s = this.s;
    let i = this.pos;
    while (s.charCodeAt(i) === SPACE) i++;
    const c = s.charCodeAt(i);
    if (isBreak(c) || c === HASH) {
      this.endLine();
      if (this.indent > col) return this.node(col, this.indent, NEXT_LINE);
      return null;
    }
    this.pos = i;
    return this.node(col, i - this.lineStart, AFTER_DASH);
  }

  /** A block mapping in column `col` whose first key has been read, with `pos` past its `:`. */
  private blockMapping(col: number, firstKey: string): Record<string, unknown> {
    this.enter();
    const map: Record<string, unknown> = {};
    let key = firstKey;
    for (;;) {
      setKey(map, key, this.mappingValue(col));
      if (this.indent !== col) break;
      key = this.keyOfLine();
    }
    if (this.indent > col) bail('bad indentation after a mapping value');
    this.depth--;
    return map;
  }

  /** The value after a key's `:` (with `pos` just past it) in a mapping in column `col`. */
  private mappingValue(col: number): unknown {
    const s = this.s;
    let i = this.pos;
    while (s.charCodeAt(i) === SPACE) i++;
    const c = s.charCodeAt(i);
    if (isBreak(c) || c === HASH) {
      this.endLine();
      if (this.indent > col) return this.node(col, this.indent, NEXT_LINE);
      if (this.indent === col && this.isDash(this.pos)) {
        // Kubernetes manifests often write a key's sequence in the key's own column.
        return this.blockSequence(col);
      }
      return null;
    }
    this.pos = i;
    return this.node(col, i - this.lineStart, AFTER_COLON);
  }

  /** Reads the key that starts the line at `pos` and moves past its `:`. */
  private keyOfLine(): string {
    const s = this.s;
    const c = s.charCodeAt(this.pos);
    if (c === DQUOTE || c === SQUOTE) {
      const start = this.pos;
      const key = this.quoted(-1, true);
      let i = this.pos;
      while (s.charCodeAt(i) === SPACE) i++;
      const isKey = s.charCodeAt(i) === COLON && isBlankOrBreak(s.charCodeAt(i + 1));
      if (!isKey) bail('quoted text is not a key');
      keyLength(start, i);
      this.pos = i + 1;
      return key;
    }
    if (this.isDash(this.pos)) bail('sequence item in a mapping');
    if (isIndicatorStart(c)) bail('indicator at the start of a key');
    this.scanPlain();
    if (this.stopAt !== AT_KEY) bail('line without a key in a mapping');
    return this.plainKey(this.pos, this.tokenEnd);
  }

  /** A plain key in `[start, end)`, typed and then turned into a property name as `toJS` does. */
  private plainKey(start: number, end: number): string {
    keyLength(start, this.stopIndex);
    const value = typePlain(this.s.slice(start, end));
    this.pos = this.stopIndex + 1;
    if (value === null) return '';
    return typeof value === 'string' ? value : String(value);
  }

  /**
   * Scans a plain scalar of block context on the current line from `pos`: sets `tokenEnd` to the
   * end of its text, `stopIndex` to where it stopped and `stopAt` to why.
   */
  private scanPlain(): void {
    const s = this.s;
    let i = this.pos;
    let end = i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c > COLON) {
        end = ++i;
      } else if (c === SPACE) {
        if (s.charCodeAt(++i) === HASH) {
          this.stopAt = AT_COMMENT;
          break;
        }
      } else if (c === COLON) {
        const next = s.charCodeAt(i + 1);
        if (isBlankOrBreak(next)) {
          this.stopAt = AT_KEY;
          break;
        }
        if (next === TAB) bail('tab after a colon');
        end = ++i;
      } else if (isBreak(c)) {
        this.stopAt = AT_EOL;
        break;
      } else if (c < SPACE) {
        bail('control character or tab in a plain scalar');
      } else {
        end = ++i;
      }
    }
    this.tokenEnd = end;
    this.stopIndex = i;
  }

  /**
   * A plain scalar value in block context whose first line was just scanned. Continuation lines
   * must be indented more than `parent`; they fold into spaces, and blank lines into newlines.
   */
  private plainInBlock(parent: number): unknown {
    const s = this.s;
    const first = s.slice(this.pos, this.tokenEnd);
    if (this.stopAt === AT_COMMENT) {
      this.pos = this.tokenEnd;
      this.endLine();
      return typePlain(first);
    }
    let text = first;
    let lineAfter = this.afterBreak(this.stopIndex);
    let blank = 0;
    let from = lineAfter;
    for (;;) {
      let i = from;
      while (s.charCodeAt(i) === SPACE) i++;
      const c = s.charCodeAt(i);
      if (c !== c) break;
      if (c === LF || c === CR) {
        blank++;
        from = this.afterBreak(i);
        continue;
      }
      if (c === HASH || i - from <= parent) break;
      if (c === MINUS || isIndicatorStart(c)) bail('indicator at the start of a continuation line');
      this.pos = i;
      this.scanPlain();
      if (this.stopAt === AT_KEY) bail('key in a continuation line');
      text += (blank === 0 ? ' ' : '\n'.repeat(blank)) + s.slice(i, this.tokenEnd);
      blank = 0;
      if (this.stopAt === AT_COMMENT) {
        this.pos = this.tokenEnd;
        this.endLine();
        return typePlain(text);
      }
      lineAfter = this.afterBreak(this.stopIndex);
      from = lineAfter;
    }
    this.pos = lineAfter;
    this.nextContentLine();
    // Folded text holds a space or a newline, which no typed form allows: it stays a string.
    return text === first ? typePlain(text) : text;
  }

  /** A quoted scalar in block context; it may also be the first key of a mapping. */
  private quotedInBlock(parent: number, col: number, where: number, lowered: boolean): unknown {
    const start = this.pos;
    const value = this.quoted(parent, false);
    if (lowered && this.multiline) bail('lowered indentation');
    const s = this.s;
    let i = this.pos;
    while (s.charCodeAt(i) === SPACE) i++;
    if (s.charCodeAt(i) === COLON && isBlankOrBreak(s.charCodeAt(i + 1))) {
      if (where === AFTER_COLON) bail('mapping on the line of its key');
      if (this.multiline) bail('multi-line key');
      keyLength(start, i);
      this.pos = i + 1;
      return this.blockMapping(col, value);
    }
    if (where === ROOT) bail('scalar document');
    this.endLine();
    return value;
  }

  /** A flow collection in block context, which must end its line. */
  private flowInBlock(parent: number): unknown {
    this.flowLevel = 0;
    const value = this.flow(parent);
    const s = this.s;
    let i = this.pos;
    while (s.charCodeAt(i) === SPACE) i++;
    if (s.charCodeAt(i) === COLON) bail('flow collection as a key');
    this.endLine();
    return value;
  }

  // ---- Quoted scalars ---------------------------------------------------------------------

  /**
   * A single- or double-quoted scalar at `pos`; continuation lines must be indented more than
   * `parent` (a key must stay on one line). Leaves `pos` after the closing quote.
   */
  private quoted(parent: number, singleLine: boolean): string {
    this.multiline = false;
    return this.s.charCodeAt(this.pos) === DQUOTE
      ? this.doubleQuoted(parent, singleLine)
      : this.singleQuoted(parent, singleLine);
  }

  private singleQuoted(parent: number, singleLine: boolean): string {
    const s = this.s;
    let out = '';
    let i = this.pos + 1;
    let from = i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === SQUOTE) {
        if (s.charCodeAt(i + 1) !== SQUOTE) break;
        out += s.slice(from, i + 1);
        i += 2;
        from = i;
      } else if (c === LF || c === CR) {
        if (singleLine) bail('multi-line quoted key');
        out += trimEndBlanks(s.slice(from, i)) + this.fold(i, parent);
        i = from = this.pos;
      } else if (c !== c) {
        bail('unterminated quoted scalar');
      } else {
        if (c < SPACE && c !== TAB) bail('control character in a quoted scalar');
        i++;
      }
    }
    this.pos = i + 1;
    return out + s.slice(from, i);
  }

  private doubleQuoted(parent: number, singleLine: boolean): string {
    const s = this.s;
    let out = '';
    let i = this.pos + 1;
    let from = i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === DQUOTE) break;
      if (c === BACKSLASH) {
        out += s.slice(from, i);
        i = this.escape(i, parent, singleLine);
        out += this.escaped;
        from = i;
      } else if (c === LF || c === CR) {
        if (singleLine) bail('multi-line quoted key');
        out += trimEndBlanks(s.slice(from, i)) + this.fold(i, parent);
        i = from = this.pos;
      } else if (c !== c) {
        bail('unterminated quoted scalar');
      } else {
        if (c < SPACE && c !== TAB) bail('control character in a quoted scalar');
        i++;
      }
    }
    this.pos = i + 1;
    return out + s.slice(from, i);
  }

  /** The text of the last escape sequence read by `escape`. */
  private escaped = '';

  /** Reads the escape sequence at `i` (a backslash) into `escaped`; returns the index after it. */
  private escape(i: number, parent: number, singleLine: boolean): number {
    const s = this.s;
    const c = s.charCodeAt(i + 1);
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined && c < 128) {
      this.escaped = simple;
      return i + 2;
    }
    if (c === LF || c === CR) {
      // An escaped line break joins the lines; the next line's leading blanks are dropped.
      if (singleLine) bail('multi-line quoted key');
      let j = this.continuation(this.afterBreak(i + 1), parent);
      while (s.charCodeAt(j) === SPACE || s.charCodeAt(j) === TAB) j++;
      this.escaped = '';
      return j;
    }
    const digits = c === LOWER_X ? 2 : c === 117 ? 4 : c === 85 ? 8 : 0;
    if (digits === 0) bail('unknown escape sequence');
    let code = 0;
    for (let k = i + 2; k < i + 2 + digits; k++) {
      const h = hexValue(s.charCodeAt(k));
      if (h < 0) bail('bad hexadecimal escape');
      code = code * 16 + h;
    }
    if (code > 0x10ffff) bail('escape beyond Unicode');
    this.escaped = String.fromCodePoint(code);
    return i + 2 + digits;
  }

  /**
   * Folds the line break at `i` inside a quoted scalar: one break becomes a space, and each
   * further blank line a newline. Sets `pos` to the first character of the continued text.
   */
  private fold(i: number, parent: number): string {
    const s = this.s;
    let breaks = 0;
    let j = this.continuation(this.afterBreak(i), parent);
    for (;;) {
      while (s.charCodeAt(j) === SPACE || s.charCodeAt(j) === TAB) j++;
      const c = s.charCodeAt(j);
      if (c !== LF && c !== CR) break;
      breaks++;
      j = this.continuation(this.afterBreak(j), parent);
    }
    this.pos = j;
    return breaks === 0 ? ' ' : '\n'.repeat(breaks);
  }

  /**
   * Checks the indentation of a continuation line of a quoted scalar that starts at `line`:
   * unless blank, it must be indented more than `parent`. Returns `line`.
   */
  private continuation(line: number, parent: number): number {
    if (parent < 0) bail('multi-line scalar at the top level');
    this.multiline = true;
    const s = this.s;
    let i = line;
    while (s.charCodeAt(i) === SPACE) i++;
    const c = s.charCodeAt(i);
    if (c === LF || c === CR) return line;
    if (c !== c) bail('unterminated quoted scalar');
    // Only spaces indent; a tab after enough of them is blank space that folding removes.
    if (i - line <= parent) bail('continuation line not indented');
    return line;
  }

  // ---- Block scalars ----------------------------------------------------------------------

  /** A literal (`|`) or folded (`>`) block scalar whose header is at `pos`. */
  private blockScalar(parent: number): string {
    const s = this.s;
    const folded = s.charCodeAt(this.pos) === GT;
    let chomp = 0; // -1 strip, 0 clip, 1 keep
    let explicit = 0;
    let i = this.pos + 1;
    for (let k = 0; k < 2; k++) {
      const c = s.charCodeAt(i);
      if (chomp === 0 && (c === MINUS || c === PLUS)) chomp = c === MINUS ? -1 : 1;
      else if (explicit === 0 && c > ZERO && c <= NINE) explicit = c - ZERO;
      else break;
      i++;
    }
    if (!isBlankOrBreak(s.charCodeAt(i))) bail('block scalar header');
    this.pos = i;
    this.skipLineEnd();
    const lines = this.blockLines(parent, explicit);
    const body = folded ? foldLines(lines) : lines.text.join('\n');
    if (chomp < 0) return body;
    if (chomp === 0) return body + '\n';
    return body + '\n'.repeat(1 + lines.trailing);
  }

  /**
   * Reads the lines of a block scalar from `pos` (the line after its header) and leaves `pos` at
   * the next content line.
   */
  private blockLines(parent: number, explicit: number): BlockLines {
    const s = this.s;
    let line = this.pos;
    let leading = 0;
    let widest = 0;
    let k: number;
    let c: number;
    for (;;) {
      k = 0;
      while (s.charCodeAt(line + k) === SPACE) k++;
      c = s.charCodeAt(line + k);
      if (c !== LF && c !== CR) break;
      leading++;
      if (k > widest) widest = k;
      line = this.afterBreak(line + k);
    }
    if (c !== c) bail('empty block scalar');
    if (c === TAB) bail('tab in block scalar indentation');
    const trim = explicit > 0 ? parent + explicit : k;
    if (k <= parent || k < trim) bail('empty block scalar');
    if (widest > trim) bail('leading blank line wider than the block scalar');
    const out: BlockLines = { text: [], indents: [], trailing: 0 };
    for (let l = 0; l < leading; l++) {
      out.text.push('');
      out.indents.push(0);
    }
    // Widths of the blank lines since the last line with text: they belong to the text only if
    // more text follows, and one wider than the indentation would itself count as text.
    const blanks: number[] = [];
    for (;;) {
      k = 0;
      while (s.charCodeAt(line + k) === SPACE) k++;
      c = s.charCodeAt(line + k);
      if (c !== c) {
        if (k > trim) bail('blank line wider than the block scalar');
        line = this.n;
        break;
      }
      if (c === LF || c === CR) {
        blanks.push(k);
        line = this.afterBreak(line + k);
        continue;
      }
      if (k < trim) {
        if (c === TAB) bail('tab in block scalar indentation');
        break;
      }
      for (const width of blanks) {
        const extra = width > trim ? width - trim : 0;
        out.text.push(extra > 0 ? ' '.repeat(extra) : '');
        out.indents.push(extra);
      }
      blanks.length = 0;
      let end = s.indexOf('\n', line + k);
      if (end < 0) end = this.n;
      const next = end === this.n ? end : end + 1;
      if (s.charCodeAt(end - 1) === CR) end--;
      out.text.push(s.slice(line + trim, end));
      out.indents.push(k - trim);
      line = next;
    }
    for (const width of blanks) if (width > trim) bail('blank line wider than the block scalar');
    out.trailing = blanks.length;
    this.pos = line;
    this.nextContentLine();
    return out;
  }

  // ---- Flow collections -------------------------------------------------------------------

  /** A flow sequence or mapping at `pos`, in a block node whose collection is at `parent`. */
  private flow(parent: number): unknown {
    this.enter();
    this.flowLevel++;
    const isSequence = this.s.charCodeAt(this.pos) === LBRACKET;
    const value = isSequence ? this.flowSequence(parent) : this.flowMapping(parent);
    this.flowLevel--;
    this.depth--;
    return value;
  }

  private flowSequence(parent: number): unknown[] {
    const s = this.s;
    const items: unknown[] = [];
    this.pos++;
    this.flowSpace(parent);
    if (s.charCodeAt(this.pos) === RBRACKET) {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.flowItem(parent));
      this.flowSpace(parent);
      let c = s.charCodeAt(this.pos);
      if (c === COMMA) {
        this.pos++;
        this.flowSpace(parent);
        c = s.charCodeAt(this.pos);
        if (c !== RBRACKET) continue;
      }
      if (c !== RBRACKET) bail('expected , or ] in a flow sequence');
      this.pos++;
      return items;
    }
  }

  private flowMapping(parent: number): Record<string, unknown> {
    const s = this.s;
    const map: Record<string, unknown> = {};
    this.pos++;
    this.flowSpace(parent);
    if (s.charCodeAt(this.pos) === RBRACE) {
      this.pos++;
      return map;
    }
    for (;;) {
      const key = this.flowKey();
      this.flowSpace(parent);
      const c0 = s.charCodeAt(this.pos);
      if (c0 === COMMA || c0 === RBRACE) bail('empty value in a flow mapping');
      setKey(map, key, this.flowItem(parent));
      this.flowSpace(parent);
      let c = s.charCodeAt(this.pos);
      if (c === COMMA) {
        this.pos++;
        this.flowSpace(parent);
        c = s.charCodeAt(this.pos);
        if (c !== RBRACE) continue;
      }
      if (c !== RBRACE) bail('expected , or } in a flow mapping');
      this.pos++;
      return map;
    }
  }

  /** A key of a flow mapping, on one line and followed by `:`; leaves `pos` after the `:`. */
  private flowKey(): string {
    const s = this.s;
    const c = s.charCodeAt(this.pos);
    if (c === DQUOTE || c === SQUOTE) {
      const start = this.pos;
      const key = this.quoted(-1, true);
      while (s.charCodeAt(this.pos) === SPACE) this.pos++;
      if (s.charCodeAt(this.pos) !== COLON) bail('flow mapping entry without a value');
      keyLength(start, this.pos);
      this.pos++;
      return key;
    }
    if (c === MINUS && isIndicatorInFlow(s.charCodeAt(this.pos + 1))) bail('- in flow');
    if (isIndicatorStart(c)) bail('indicator at the start of a flow key');
    this.scanFlowPlain();
    if (this.stopAt !== AT_KEY) bail('flow mapping entry without a value');
    return this.plainKey(this.pos, this.tokenEnd);
  }

  /** A value inside a flow collection. */
  private flowItem(parent: number): unknown {
    const s = this.s;
    const c = s.charCodeAt(this.pos);
    if (c === LBRACKET || c === LBRACE) return this.flow(parent);
    if (c === DQUOTE || c === SQUOTE) {
      if (parent < 0) return this.quoted(-1, true);
      return this.quoted(parent, false);
    }
    if (c === MINUS && isIndicatorInFlow(s.charCodeAt(this.pos + 1))) bail('- in flow');
    if (isIndicatorStart(c)) bail('indicator at the start of a flow value');
    const start = this.pos;
    this.scanFlowPlain();
    if (this.stopAt === AT_KEY) bail('pair in a flow collection');
    const end = this.tokenEnd;
    this.pos = end;
    if (this.stopAt === AT_EOL) {
      // At its line end a plain scalar would go on with the next line unless a flow indicator
      // comes first; multi-line plain scalars in flow collections are left to the slow path.
      this.flowSpace(parent);
      if (!isFlowIndicator(s.charCodeAt(this.pos))) bail('multi-line plain scalar in flow');
    }
    return typePlain(s.slice(start, end));
  }

  /** Scans a plain scalar inside a flow collection (see `scanPlain`). */
  private scanFlowPlain(): void {
    const s = this.s;
    let i = this.pos;
    let end = i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === SPACE) {
        if (s.charCodeAt(++i) === HASH) {
          this.stopAt = AT_COMMENT;
          break;
        }
      } else if (c === COLON) {
        const next = s.charCodeAt(i + 1);
        if (isBlankOrBreak(next)) {
          this.stopAt = AT_KEY;
          break;
        }
        if (next === TAB || isFlowIndicator(next)) bail('colon before a flow indicator');
        end = ++i;
      } else if (isFlowIndicator(c)) {
        this.stopAt = AT_FLOW;
        break;
      } else if (isBreak(c)) {
        this.stopAt = AT_EOL;
        break;
      } else if (c < SPACE) {
        bail('control character or tab in a plain scalar');
      } else {
        end = ++i;
      }
    }
    this.tokenEnd = end;
    this.stopIndex = i;
  }

  /**
   * Skips spaces, comments and line breaks inside a flow collection. Each new line must be
   * indented more than `parent`, except comment lines and a closing bracket of the outermost
   * collection in the parent's column.
   */
  private flowSpace(parent: number): void {
    const s = this.s;
    let i = this.pos;
    let spaced = false;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === SPACE) {
        i++;
        spaced = true;
      } else if (c === HASH) {
        if (!spaced) bail('comment not separated by a space');
        const nl = s.indexOf('\n', i);
        i = nl < 0 ? this.n : nl;
      } else if (c === LF || c === CR) {
        i = this.afterBreak(i);
        let k = 0;
        while (s.charCodeAt(i + k) === SPACE) k++;
        this.flowLineStart(i, k, parent);
        i += k;
        // The `yaml` package does not count a line break as the space a comment needs.
        spaced = k > 0;
      } else if (c === TAB) {
        bail('tab in a flow collection');
      } else {
        break;
      }
    }
    this.pos = i;
  }

  /** Checks a new line inside a flow collection, which starts at `line` and is indented `k`. */
  private flowLineStart(line: number, k: number, parent: number): void {
    const s = this.s;
    const c = s.charCodeAt(line + k);
    if (c === TAB) bail('tab in indentation');
    if (c === LF || c === CR || c === HASH || c !== c) return;
    if (k === 0 && this.isMarker(line)) bail('document marker in a flow collection');
    if (k > parent) return;
    const closing = c === RBRACKET || c === RBRACE;
    const endsOutermost = closing && k === parent && this.flowLevel === 1;
    if (!endsOutermost) bail('flow collection line not indented');
  }
}

/** The lines of a block scalar, after the indentation common to them all was removed. */
interface BlockLines {
  text: string[];
  /** Indentation beyond the common one, per line (0 for blank lines). */
  indents: number[];
  /** Blank lines after the last line with text. */
  trailing: number;
}

/**
 * Folds the lines of a `>` scalar: a line break between two lines of text becomes a space, a
 * blank line becomes a newline, and more-indented lines (or ones starting with a tab) keep
 * their line breaks.
 */
function foldLines(lines: BlockLines): string {
  let value = '';
  let sep = '';
  let moreIndented = false;
  let leading = true;
  for (let i = 0; i < lines.text.length; i++) {
    const text = lines.text[i];
    if (leading && text === '' && lines.indents[i] === 0) {
      value += '\n';
      continue;
    }
    leading = false;
    if (lines.indents[i] > 0 || text.charCodeAt(0) === TAB) {
      if (sep === ' ') sep = '\n';
      else if (!moreIndented && sep === '\n') sep = '\n\n';
      value += sep + text;
      sep = '\n';
      moreIndented = true;
    } else if (text === '') {
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + text;
      sep = ' ';
      moreIndented = false;
    }
  }
  return value;
}

/** Refuses an implicit key whose `:` (at `colon`) is too far from its start. */
function keyLength(start: number, colon: number): void {
  if (colon - start > MAX_KEY_LENGTH) bail('key too long');
}

function trimEndBlanks(text: string): string {
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== SPACE && c !== TAB) break;
    end--;
  }
  return end === text.length ? text : text.slice(0, end);
}

/** Sets a property as `toJS` does, refusing a repeated key (which the `yaml` path reports). */
function setKey(map: Record<string, unknown>, key: string, value: unknown): void {
  if (map[key] !== undefined && Object.hasOwn(map, key)) bail('duplicate key');
  if (key === '__proto__') {
    const property = { value, writable: true, enumerable: true, configurable: true };
    Object.defineProperty(map, key, property);
  } else {
    map[key] = value;
  }
}

/** The single-character escapes of double-quoted scalars, by character code. */
const SIMPLE_ESCAPES: string[] = (() => {
  const table: string[] = [];
  const pairs: Array<[string, string]> = [
    ['0', '\0'],
    ['a', '\x07'],
    ['b', '\b'],
    ['e', '\x1b'],
    ['f', '\f'],
    ['n', '\n'],
    ['r', '\r'],
    ['t', '\t'],
    ['\t', '\t'],
    ['v', '\v'],
    ['N', '\u0085'],
    ['_', '\u00a0'],
    ['L', '\u2028'],
    ['P', '\u2029'],
    [' ', ' '],
    ['"', '"'],
    ['/', '/'],
    ['\\', '\\'],
  ];
  for (const [from, to] of pairs) table[from.charCodeAt(0)] = to;
  return table;
})();

function hexValue(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

// ---- Scalar types -------------------------------------------------------------------------

/** Words with a YAML 1.1 meaning: null and the many spellings of booleans. */
const WORDS = new Map<string, boolean | null>();
for (const w of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) {
  WORDS.set(w, true);
}
for (const w of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) {
  WORDS.set(w, false);
}
for (const w of ['~', 'null', 'Null', 'NULL']) WORDS.set(w, null);

/**
 * The value of a plain scalar under the YAML 1.1 schema kubectl uses (no timestamps, no base 60),
 * tried in the schema's order: null, booleans, binary, octal, decimal and hexadecimal integers,
 * infinity and NaN, floats with an exponent, other floats; anything else is a string.
 */
function typePlain(text: string): unknown {
  const c = text.charCodeAt(0);
  if ((c >= ZERO && c <= NINE) || c === MINUS || c === PLUS || c === DOT) return typeNumber(text);
  switch (c) {
    case 121: // y
    case 89: // Y
    case 110: // n
    case 78: // N
    case 116: // t
    case 84: // T
    case 102: // f
    case 70: // F
    case 111: // o
    case 79: // O
    case 126: {
      // ~
      const word = text.length <= 5 ? WORDS.get(text) : undefined;
      return word === undefined ? text : word;
    }
    case 60: // <
      if (text === '<<') bail('merge key');
      return text;
    default:
      return text;
  }
}

function typeNumber(text: string): unknown {
  const first = text.charCodeAt(0);
  const i = first === MINUS || first === PLUS ? 1 : 0;
  const special = specialFloat(text, i);
  return special !== undefined ? special : goPlainNumber(text);
}

/** `.inf` in three spellings with an optional sign, and `.nan` in three spellings without one. */
function specialFloat(text: string, from: number): number | undefined {
  if (text.charCodeAt(from) !== DOT || text.length - from !== 4) return undefined;
  const word = text.slice(from + 1);
  if (word === 'inf' || word === 'Inf' || word === 'INF') {
    return text.charCodeAt(0) === MINUS ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (from === 0 && (word === 'nan' || word === 'NaN' || word === 'NAN')) return NaN;
  return undefined;
}

