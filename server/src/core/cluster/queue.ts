/**
 * The controllers' work queues on the simulated clock. Each controller has a de-duplicating FIFO
 * of keys ready now; delayed keys wait until the clock reaches them, earliest time first and, at
 * one time, in the order they were added. Nothing here knows what a controller does.
 *
 * Delayed keys are kept in one list per distinct time, with a heap of the distinct times: a
 * hundred thousand pods started in the same round all wait for the same instant, so a timer
 * costs a push onto a list instead of a walk through a heap of every timer.
 */

interface Timer {
  controller: string;
  key: string;
  /** A deadline timer does not keep the cluster from counting as settled. */
  deadline: boolean;
}

export class WorkQueue {
  private ready = new Map<string, Set<string>>();
  /** The distinct times that have timers, as a min-heap. */
  private times: number[] = [];
  /** The timers of each time in `times`, in the order they were added. */
  private buckets = new Map<number, Timer[]>();
  private timerCount = 0;
  /** Timers that lead somewhere (a pod starting, a readiness delay), not just deadlines. */
  private progressTimers = 0;

  clone(): WorkQueue {
    const copy = new WorkQueue();
    copy.ready = new Map([...this.ready].map(([c, keys]) => [c, new Set(keys)]));
    copy.times = this.times.slice();
    copy.buckets = new Map([...this.buckets].map(([t, list]) => [t, list.slice()]));
    copy.timerCount = this.timerCount;
    copy.progressTimers = this.progressTimers;
    return copy;
  }

  add(controller: string, key: string): void {
    let keys = this.ready.get(controller);
    if (!keys) this.ready.set(controller, (keys = new Set()));
    keys.add(key);
  }

  addAt(controller: string, key: string, time: number, deadline = false): void {
    let bucket = this.buckets.get(time);
    if (!bucket) {
      this.buckets.set(time, (bucket = []));
      pushTime(this.times, time);
    }
    bucket.push({ controller, key, deadline });
    this.timerCount++;
    if (!deadline) this.progressTimers++;
  }

  hasProgressTimers(): boolean {
    return this.progressTimers > 0;
  }

  /**
   * Takes every key ready for `controller`, in the order they were added. Keys added while the
   * caller walks them go to a new set, so the one returned never changes under it.
   */
  take(controller: string): Iterable<string> {
    const keys = this.ready.get(controller);
    if (!keys || keys.size === 0) return NOTHING;
    this.ready.delete(controller);
    return keys;
  }

  hasReady(): boolean {
    for (const keys of this.ready.values()) if (keys.size) return true;
    return false;
  }

  /** Moves every timer due at or before `now` into the ready queues. */
  promote(now: number): void {
    while (this.times.length && this.times[0] <= now) {
      const time = popTime(this.times);
      const bucket = this.buckets.get(time)!;
      this.buckets.delete(time);
      this.timerCount -= bucket.length;
      for (const t of bucket) {
        if (!t.deadline) this.progressTimers--;
        this.add(t.controller, t.key);
      }
    }
  }

  nextTime(): number | undefined {
    return this.times.length ? this.times[0] : undefined;
  }

  get pending(): number {
    let n = this.timerCount;
    for (const keys of this.ready.values()) n += keys.size;
    return n;
  }
}

const NOTHING: readonly string[] = [];

function pushTime(h: number[], t: number): void {
  h.push(t);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p] <= h[i]) break;
    [h[i], h[p]] = [h[p], h[i]];
    i = p;
  }
}

function popTime(h: number[]): number {
  const top = h[0];
  const last = h.pop()!;
  if (h.length === 0) return top;
  h[0] = last;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && h[l] < h[m]) m = l;
    if (r < h.length && h[r] < h[m]) m = r;
    if (m === i) return top;
    [h[i], h[m]] = [h[m], h[i]];
    i = m;
  }
}
