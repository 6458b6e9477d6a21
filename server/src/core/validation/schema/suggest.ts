/** Suggestions for misspelt field names. */

/**
 * The candidate closest to `name` by edit distance (a swap of two neighbours counts as one
 * edit), when it is close enough to be a typo: at most 2 edits, and fewer than half the
 * name's length. Ties go to the alphabetically first name, so the answer is stable.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.min(2, Math.ceil(name.length / 2) - 1);
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of [...candidates].sort()) {
    const distance = editDistance(name, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Optimal-string-alignment distance; a difference of case alone counts as half an edit so that
 * `ImagePullPolicy` still finds `imagePullPolicy` first. Gives up (returns `stop`) once the
 * lengths alone differ by `stop` or more.
 */
export function editDistance(a: string, b: string, stop = Infinity): number {
  if (Math.abs(a.length - b.length) >= stop) return stop;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = substitution(a[i - 1], b[j - 1]);
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, before[j - 2] + 1);
      }
      current.push(value);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

function substitution(x: string, y: string): number {
  if (x === y) return 0;
  return x.toLowerCase() === y.toLowerCase() ? 0.5 : 1;
}
