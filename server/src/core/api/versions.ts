/** The Kubernetes minors whose API server and controllers Kubeplan reproduces. */
export const MINORS = [
  '1.20',
  '1.26',
  '1.27',
  '1.28',
  '1.29',
  '1.30',
  '1.31',
  '1.32',
  '1.33',
  '1.34',
  '1.35',
] as const;

export type Minor = (typeof MINORS)[number];

export const DEFAULT_MINOR: Minor = '1.35';

export function isMinor(value: unknown): value is Minor {
  return typeof value === 'string' && (MINORS as readonly string[]).includes(value);
}

/** Reads `1.33`, `v1.33` or `1.33.2` as a supported minor, or returns undefined. */
export function parseMinor(value: string): Minor | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(value.trim());
  if (!m) return undefined;
  const minor = `${Number(m[1])}.${Number(m[2])}`;
  return isMinor(minor) ? minor : undefined;
}

/** Compares two minors numerically: negative when a is older than b. */
export function compareMinor(a: Minor, b: Minor): number {
  return Number(a.split('.')[1]) - Number(b.split('.')[1]);
}

export function atLeast(minor: Minor, floor: Minor): boolean {
  return compareMinor(minor, floor) >= 0;
}
