/**
 * The part of a POSIX shell that scenario lines use: words, single and double quotes, backslash
 * escapes, `$(...)` and backquote substitutions, comments, and the control operators that split
 * or chain commands. Substitutions are kept as raw command text; the runner evaluates them.
 */

export type WordPart =
  | { kind: 'text'; text: string; quoted: boolean }
  | { kind: 'subst'; command: string; quoted: boolean };

export interface Word {
  parts: WordPart[];
}

export type ShellOperator = '|' | '||' | '&&' | ';' | '&' | '>' | '>>' | '<';

export type ShellToken = { kind: 'word'; word: Word } | { kind: 'op'; op: ShellOperator };

export type SplitResult = { ok: true; tokens: ShellToken[] } | { ok: false; error: string };

/** Scanner state for one line; `i` only moves forward. */
class Scanner {
  i = 0;
  constructor(readonly text: string) {}

  peek(offset = 0): string {
    return this.text[this.i + offset] ?? '';
  }

  done(): boolean {
    return this.i >= this.text.length;
  }
}

const OPERATOR_CHARS = new Set(['|', '&', ';', '>', '<']);

/** Splits one command line into words and operators, as bash reads it. Never throws. */
export function splitShell(line: string): SplitResult {
  const s = new Scanner(line);
  const tokens: ShellToken[] = [];
  while (!s.done()) {
    const c = s.peek();
    if (c === ' ' || c === '\t' || c === '\n') {
      s.i++;
    } else if (c === '#') {
      break;
    } else if (OPERATOR_CHARS.has(c)) {
      tokens.push({ kind: 'op', op: readOperator(s) });
    } else {
      const word = readWord(s);
      if (typeof word === 'string') return { ok: false, error: word };
      tokens.push({ kind: 'word', word });
    }
  }
  return { ok: true, tokens };
}

function readOperator(s: Scanner): ShellOperator {
  const two = s.peek() + s.peek(1);
  if (two === '||' || two === '&&' || two === '>>') {
    s.i += 2;
    return two;
  }
  const one = s.peek() as ShellOperator;
  s.i++;
  return one;
}

/** Reads one word; returns an error text when a quote or substitution is left open. */
function readWord(s: Scanner): Word | string {
  const parts: WordPart[] = [];
  const text = (t: string, quoted: boolean) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === 'text' && last.quoted === quoted) last.text += t;
    else parts.push({ kind: 'text', text: t, quoted });
  };
  while (!s.done()) {
    const c = s.peek();
    if (c === ' ' || c === '\t' || c === '\n' || OPERATOR_CHARS.has(c)) break;
    if (c === "'") {
      const end = s.text.indexOf("'", s.i + 1);
      if (end < 0) return "unexpected EOF while looking for matching `''";
      text(s.text.slice(s.i + 1, end), true);
      s.i = end + 1;
    } else if (c === '"') {
      const err = readDoubleQuoted(s, parts, text);
      if (err) return err;
    } else if (c === '\\') {
      if (s.peek(1) !== '') text(s.peek(1), true);
      s.i += 2;
    } else if (c === '$' && s.peek(1) === '(') {
      const command = readSubstitution(s);
      if (command === undefined) return "unexpected EOF while looking for matching `)'";
      parts.push({ kind: 'subst', command, quoted: false });
    } else if (c === '`') {
      const end = s.text.indexOf('`', s.i + 1);
      if (end < 0) return "unexpected EOF while looking for matching ``'";
      parts.push({ kind: 'subst', command: s.text.slice(s.i + 1, end), quoted: false });
      s.i = end + 1;
    } else {
      text(c, false);
      s.i++;
    }
  }
  return { parts };
}

function readDoubleQuoted(
  s: Scanner,
  parts: WordPart[],
  text: (t: string, quoted: boolean) => void,
): string | undefined {
  s.i++;
  // An empty pair of quotes still makes an (empty) argument.
  text('', true);
  while (!s.done()) {
    const c = s.peek();
    if (c === '"') {
      s.i++;
      return undefined;
    }
    if (c === '\\' && '"\\$`\n'.includes(s.peek(1)) && s.peek(1) !== '') {
      text(s.peek(1), true);
      s.i += 2;
    } else if (c === '$' && s.peek(1) === '(') {
      const command = readSubstitution(s);
      if (command === undefined) return "unexpected EOF while looking for matching `)'";
      parts.push({ kind: 'subst', command, quoted: true });
    } else {
      text(c, true);
      s.i++;
    }
  }
  return 'unexpected EOF while looking for matching `"\'';
}

/**
 * Reads `$( ... )` with nested parentheses and quotes, leaving the scanner after the closing
 * parenthesis; undefined when it is never closed.
 */
function readSubstitution(s: Scanner): string | undefined {
  const start = s.i + 2;
  let depth = 1;
  let i = start;
  while (i < s.text.length) {
    const c = s.text[i];
    if (c === "'") {
      const end = s.text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i = skipDoubleQuoted(s.text, i);
      if (i < 0) return undefined;
      continue;
    }
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')' && --depth === 0) {
      s.i = i + 1;
      return s.text.slice(start, i);
    }
    i++;
  }
  return undefined;
}

function skipDoubleQuoted(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/**
 * The fields a word becomes once its substitutions are known: unquoted substitution output is
 * split at whitespace (IFS), quoted output is not, and a word that ends up empty and unquoted
 * disappears, as in bash.
 */
export function expandWord(word: Word, substitute: (command: string) => string): string[] {
  const fields: string[] = [];
  let current = '';
  let started = false;
  for (const part of word.parts) {
    if (part.kind === 'text') {
      current += part.text;
      started ||= part.quoted || part.text !== '';
      continue;
    }
    const value = substitute(part.command).replace(/\n+$/, '');
    if (part.quoted) {
      current += value;
      started = true;
      continue;
    }
    const pieces = value.split(/[ \t\n]+/);
    pieces.forEach((piece, i) => {
      if (i > 0 && started) {
        fields.push(current);
        current = '';
        started = false;
      }
      current += piece;
      started ||= piece !== '';
    });
  }
  if (started) fields.push(current);
  return fields;
}

/** The literal text of a word without substitutions (used for program names and messages). */
export function wordText(word: Word): string {
  return word.parts.map((p) => (p.kind === 'text' ? p.text : `$(${p.command})`)).join('');
}
