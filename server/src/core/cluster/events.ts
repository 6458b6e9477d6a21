/**
 * Events as the API server keeps them. An event identical to an earlier one on the same object
 * (same source, type, reason and message) is folded into it: its count goes up and its last time
 * moves, which `kubectl describe` shows as `62s (x2 over 108s)`.
 *
 * FIXME: client-go also folds more than 10 similar events (same reason, other messages) within
 * ten minutes into one `(combined from similar events): ...` event; that is not simulated.
 */
import type { ClusterEvent } from './api';

export class EventLog {
  private all: ClusterEvent[] = [];
  private position = new Map<string, number>();
  /**
   * The events of each object as a chain through `all`, newest first: `latest` holds where an
   * object's chain starts and `previous[i]` where it goes on after event i (-1 at its end). A
   * list per object would keep room for 16 or more numbers for each of a hundred thousand pods.
   */
  private latest = new Map<string, number>();
  private previous: number[] = [];
  /**
   * The object of the last event appended, and where its chain starts, not yet written to
   * `latest`: events come in runs about one object (a kubelet's Created and Started), and a run
   * then costs one lookup in `latest` instead of two per event.
   */
  private runKey?: string;
  private runStart = -1;

  clone(): EventLog {
    this.endRun();
    const copy = new EventLog();
    copy.all = this.all.slice();
    copy.position = new Map(this.position);
    copy.latest = new Map(this.latest);
    copy.previous = this.previous.slice();
    return copy;
  }

  /** Records `event` (count 1) or folds it into its twin; returns the stored event. */
  record(event: ClusterEvent): ClusterEvent {
    if (cannotRepeat(event)) return this.append(event);
    const key = foldKey(event);
    const at = this.position.get(key);
    if (at !== undefined) {
      const prev = this.all[at];
      const merged = { ...prev, count: prev.count + 1, lastTime: event.lastTime };
      this.all[at] = merged;
      return merged;
    }
    this.position.set(key, this.all.length);
    return this.append(event);
  }

  private append(event: ClusterEvent): ClusterEvent {
    const objKey = objectKey(event);
    if (objKey !== this.runKey) {
      this.endRun();
      this.runKey = objKey;
      this.runStart = this.latest.get(objKey) ?? -1;
    }
    this.previous.push(this.runStart);
    this.runStart = this.all.length;
    this.all.push(event);
    return event;
  }

  private endRun(): void {
    if (this.runKey === undefined) return;
    this.latest.set(this.runKey, this.runStart);
    this.runKey = undefined;
  }

  /** Events of one object (by uid when known, so a re-created object starts with none). */
  forObject(
    kind: string,
    namespace: string | undefined,
    name: string,
    uid?: string,
  ): ClusterEvent[] {
    this.endRun();
    const out: ClusterEvent[] = [];
    let at = this.latest.get(uid ?? `${kind}/${namespace ?? ''}/${name}`) ?? -1;
    for (; at >= 0; at = this.previous[at]) out.push(this.all[at]);
    return out.reverse();
  }

  list(): ClusterEvent[] {
    return this.all.slice();
  }

  get size(): number {
    return this.all.length;
  }
}

/**
 * Events that can never repeat on the same object here need no folding lookup, which keeps a
 * hundred thousand pods' events cheap: a pod is scheduled, pulled, created, started and stopped
 * once (containers never restart), and a generated pod name is created or deleted once.
 * StatefulSet pods reuse their names, so their controller's events still fold.
 */
const POD_LIFECYCLE = new Set(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started', 'Killing']);
const GENERATED_NAMES = new Set(['SuccessfulCreate', 'SuccessfulDelete']);

function cannotRepeat(e: ClusterEvent): boolean {
  const kind = e.involvedObject.kind;
  if (kind === 'Pod') return POD_LIFECYCLE.has(e.reason);
  return (
    GENERATED_NAMES.has(e.reason) &&
    (kind === 'ReplicaSet' || kind === 'ReplicationController' || kind === 'DaemonSet')
  );
}

function objectKey(e: ClusterEvent): string {
  const o = e.involvedObject;
  return o.uid ?? `${o.kind}/${o.namespace ?? ''}/${o.name}`;
}

function foldKey(e: ClusterEvent): string {
  const o = e.involvedObject;
  const sep = '\u0000';
  return objectKey(e) + sep + e.reason + sep + e.message + sep + e.source + sep + e.type + sep + (o.fieldPath ?? '');
}
