/**
 * Go's text/tabwriter, as kubectl uses it: cells end at a tab, the text after a line's last tab
 * is never padded, and a column's width is decided per block of consecutive lines that all have
 * that column. Only space padding and left alignment are needed.
 */

export interface TabSettings {
  minwidth: number;
  padding: number;
}

/** `kubectl get` tables and `-o custom-columns` (cli-runtime GetNewTabWriter). */
export const TABLE: TabSettings = { minwidth: 6, padding: 3 };

/** `kubectl describe` and `rollout history` (kubectl tabbedString). */
export const DESCRIBE: TabSettings = { minwidth: 0, padding: 2 };

interface Cell {
  text: string;
  width: number;
}

/**
 * Aligns `text` as one Flush of a tabwriter would. A trailing newline stays a trailing newline;
 * text after the last newline is kept unterminated, as Go writes it.
 */
export function tabwrite(text: string, settings: TabSettings): string {
  const lines = text.split('\n').map(splitCells);
  const out: string[] = [];
  format(lines, 0, lines.length, [], settings, out);
  return out.join('\n');
}

function splitCells(line: string): Cell[] {
  return line.split('\t').map((text) => ({ text, width: runeCount(text) }));
}

/** Go counts a cell's width in runes (utf8.RuneCount), not bytes or UTF-16 units. */
function runeCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * The recursive block formatter of Go's tabwriter: for the column after `widths`, find each run
 * of lines that have a cell there, size it, and format the columns to its right inside the run.
 */
function format(
  lines: Cell[][],
  line0: number,
  line1: number,
  widths: number[],
  settings: TabSettings,
  out: string[],
): void {
  const column = widths.length;
  let start = line0;
  for (let i = line0; i < line1; i++) {
    if (column >= lines[i].length - 1) continue;
    writeLines(lines, start, i, widths, out);
    let width = settings.minwidth;
    let end = i;
    for (; end < line1 && column < lines[end].length - 1; end++) {
      width = Math.max(width, lines[end][column].width + settings.padding);
    }
    format(lines, i, end, [...widths, width], settings, out);
    start = end;
    i = end - 1;
  }
  writeLines(lines, start, line1, widths, out);
}

function writeLines(
  lines: Cell[][],
  from: number,
  to: number,
  widths: number[],
  out: string[],
): void {
  for (let i = from; i < to; i++) {
    let text = '';
    lines[i].forEach((cell, j) => {
      text += cell.text;
      if (j < widths.length) text += ' '.repeat(Math.max(0, widths[j] - cell.width));
    });
    out.push(text);
  }
}
