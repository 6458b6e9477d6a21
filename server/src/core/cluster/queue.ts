/**
 * The controllers' work queues on the simulated clock. Each controller has a de-duplicating FIFO
 * of keys ready now; delayed keys wait in a heap ordered by (time, insertion) until the clock
 * reaches them. Nothing here knows what a controller does.
 */

interface Timer {
  time: number;
  seq: number;
  controller: string;
  key: string;
  /** A deadline timer does not keep the cluster from counting as settled. */
  deadline: boolean;
}

export class WorkQueue {
  private ready = new Map<string, Set<string>>();
  private timers: Timer[] = [];
  private seq = 0;

  clone(): WorkQueue {
    const copy = new WorkQueue();
    copy.ready = new Map([...this.ready].map(([c, keys]) => [c, new Set(keys)]));
    copy.timers = this.timers.slice();
    copy.seq = this.seq;
    copy.progressTimers = this.progressTimers;
    return copy;
  }

  add(controller: string, key: string): void {
    let keys = this.ready.get(controller);
    if (!keys) this.ready.set(controller, (keys = new Set()));
    keys.add(key);
  }

  addAt(controller: string, key: string, time: number, deadline = false): void {
    this.push({ time, seq: this.seq++, controller, key, deadline });
    if (!deadline) this.progressTimers++;
  }

  /** Timers that lead somewhere (a pod starting, a readiness delay), not just deadlines. */
  private progressTimers = 0;

  hasProgressTimers(): boolean {
    return this.progressTimers > 0;
  }

  /** Takes every key ready for `controller`, in the order they were added. */
  take(controller: string): string[] {
    const keys = this.ready.get(controller);
    if (!keys || keys.size === 0) return [];
    this.ready.delete(controller);
    return [...keys];
  }

  hasReady(): boolean {
    for (const keys of this.ready.values()) if (keys.size) return true;
    return false;
  }

  /** Moves every timer due at or before `now` into the ready queues. */
  promote(now: number): void {
    while (this.timers.length && this.timers[0].time <= now) {
      const t = this.pop();
      if (!t.deadline) this.progressTimers--;
      this.add(t.controller, t.key);
    }
  }

  nextTime(): number | undefined {
    return this.timers.length ? this.timers[0].time : undefined;
  }

  get pending(): number {
    let n = this.timers.length;
    for (const keys of this.ready.values()) n += keys.size;
    return n;
  }

  private less(a: Timer, b: Timer): boolean {
    return a.time < b.time || (a.time === b.time && a.seq < b.seq);
  }

  private push(t: Timer): void {
    const h = this.timers;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): Timer {
    const h = this.timers;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
