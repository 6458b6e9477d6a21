/** Splits an inline document at its `‸` marker: the text without it, and the marker's position. */
export function caret(marked: string): { text: string; line: number; character: number } {
  const at = marked.indexOf('‸');
  if (at < 0) throw new Error('no ‸ marker in the document');
  const before = marked.slice(0, at);
  const line = before.split('\n').length - 1;
  const character = at - (before.lastIndexOf('\n') + 1);
  return { text: marked.slice(0, at) + marked.slice(at + 1), line, character };
}
