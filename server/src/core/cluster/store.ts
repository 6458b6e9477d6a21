/**
 * The object store of the simulated API server, with the indexes controllers read through: by
 * kind and namespace, by label pair, by owner uid, and the orphans of each namespace. Selectors
 * and the garbage collector go through these indexes and never walk every object.
 *
 * Every level is a map keyed by strings the objects already hold (kind, namespace, name, label
 * key and value, uid), so a lookup never builds and hashes a new key string: with a hundred
 * thousand pods that is most of the store's cost. The innermost maps and sets are copy-on-write
 * between clones: a clone copies the outer levels only, and an inner one is copied the first
 * time either side changes it.
 *
 * The name map and the owner index hold a slot per object rather than the object: most writes
 * (a status, a node name) keep an object's labels and owners, and then storing the new version
 * is one assignment to its slot instead of a write to each index that holds it. Slots are
 * copy-on-write between clones like the maps (see Slot).
 */
import type { KubeObject } from './api';
import { equalityPairs, matches, type Selector } from '../api/selectors';
import { deepEqual } from './objects';

/** An inner map or set with the identity of the store allowed to change it in place. */
class Cow<T> {
  constructor(
    public owner: number,
    public value: T,
  ) {}
}

/**
 * The current version of one object, shared by the name map and the owner index. A store
 * changes a slot in place only if it made it: every slot a store holds when it is cloned
 * belongs to neither side afterwards, and each side puts a new slot in place of an old one on
 * its first write to that object. Every map that holds a store's own slot is its own too (it
 * was made writable to put the slot there), so a change in place reaches only that store.
 */
class Slot {
  constructor(
    public owner: number,
    public obj: KubeObject,
  ) {}
}

type Names = Map<string, Slot>;

/** Where an object is stored: kind, namespace ('' when cluster-scoped) and name. */
interface Address {
  kind: string;
  namespace: string;
  name: string;
}
type ByNamespace<T> = Map<string, T>;
type LabelIndex = Map<string, Map<string, Cow<Set<string>>>>;

/**
 * Counts over the pods one controller owns, kept as pods are written, so a ReplicaSet with a
 * hundred thousand pods need not walk them all on every sync. `labelChanges` counts writes that
 * changed an owned pod's labels (after which the owner must check its selector again).
 */
export interface PodTally {
  active: number;
  ready: number;
  labelChanges: number;
}

let storeSerial = 0;

export class Store {
  private id = ++storeSerial;
  private objects = new Map<string, ByNamespace<Cow<Names>>>();
  /**
   * Where the object of each uid is stored. A uid's kind, namespace and name never change, so
   * this is written when an object is created or removed, not on each of its writes.
   */
  private uids = new Map<string, Address>();
  private labels = new Map<string, ByNamespace<LabelIndex>>();
  private owners = new Map<string, Cow<Map<string, Slot>>>();
  private orphans = new Map<string, ByNamespace<Cow<Set<string>>>>();
  private tallies = new Map<string, PodTally>();
  private total = 0;
  resourceVersion = 0;

  get size(): number {
    return this.total;
  }

  clone(): Store {
    // Both sides get a fresh identity, so every inner map that exists now is shared and copied
    // on write.
    this.id = ++storeSerial;
    const copy = new Store();
    copy.objects = copyLevels(this.objects, 1);
    copy.uids = new Map(this.uids);
    copy.labels = copyLevels(this.labels, 3);
    copy.owners = new Map(this.owners);
    copy.orphans = copyLevels(this.orphans, 1);
    copy.tallies = new Map([...this.tallies].map(([uid, t]) => [uid, { ...t }]));
    copy.total = this.total;
    copy.resourceVersion = this.resourceVersion;
    return copy;
  }

  /** The object of a kind in a namespace ('' or undefined for cluster-scoped) with a name. */
  find(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(kind)?.get(namespace ?? '')?.value.get(name)?.obj;
  }

  byUid(uid: string): KubeObject | undefined {
    const at = this.uids.get(uid);
    return at && this.objects.get(at.kind)?.get(at.namespace)?.value.get(at.name)?.obj;
  }

  /** Stores `obj`, replacing the object of the same kind, namespace and name. */
  put(obj: KubeObject): void {
    const ns = obj.metadata.namespace ?? '';
    const name = obj.metadata.name ?? '';
    const names = this.writableNames(obj.kind, ns);
    const slot = names.get(name);
    const old = slot?.obj;
    if (!old) this.total++;
    const uid = obj.metadata.uid;
    if (uid && old?.metadata.uid !== uid)
      this.uids.set(uid, { kind: obj.kind, namespace: ns, name });
    if (obj.kind === 'Pod') this.retally(old, obj);
    // Most writes (status, a node name) leave labels and owners alone, and the indexes as they
    // are: the new version goes into the slot they share.
    if (old && sameIndexedFields(old, obj)) {
      if (slot!.owner === this.id) {
        slot!.obj = obj;
        return;
      }
      const mine = new Slot(this.id, obj);
      names.set(name, mine);
      for (const ref of obj.metadata.ownerReferences ?? []) this.setDependent(ref.uid, obj, mine);
      return;
    }
    const mine = slot?.owner === this.id ? slot : new Slot(this.id, obj);
    mine.obj = obj;
    names.set(name, mine);
    if (old) this.unindex(old);
    this.index(obj, mine);
  }

  remove(obj: KubeObject): KubeObject | undefined {
    const ns = obj.metadata.namespace ?? '';
    const name = obj.metadata.name ?? '';
    const old = this.objects.get(obj.kind)?.get(ns)?.value.get(name)?.obj;
    if (!old) return undefined;
    this.writableNames(obj.kind, ns).delete(name);
    this.total--;
    const uid = old.metadata.uid;
    const at = uid ? this.uids.get(uid) : undefined;
    if (at && at.kind === old.kind && at.namespace === ns && at.name === name)
      this.uids.delete(uid!);
    if (old.kind === 'Pod') this.retally(old, undefined);
    this.unindex(old);
    return old;
  }

  /** Objects of a kind in one namespace (or in all, when `namespace` is undefined), unsorted. */
  *iterate(kind: string, namespace?: string): Iterable<KubeObject> {
    const byNs = this.objects.get(kind);
    if (!byNs) return;
    if (namespace !== undefined) {
      const names = byNs.get(namespace);
      if (names) for (const slot of names.value.values()) yield slot.obj;
      return;
    }
    for (const names of byNs.values()) for (const slot of names.value.values()) yield slot.obj;
  }

  count(kind: string, namespace?: string): number {
    const byNs = this.objects.get(kind);
    if (!byNs) return 0;
    if (namespace !== undefined) return byNs.get(namespace)?.value.size ?? 0;
    let n = 0;
    for (const names of byNs.values()) n += names.value.size;
    return n;
  }

  /**
   * Objects of a kind in a namespace (all namespaces when undefined) that a selector matches.
   * The smallest label-pair set of the selector's equality requirements is the candidate list;
   * the rest of the selector filters it.
   */
  select(kind: string, namespace: string | undefined, selector: Selector): KubeObject[] {
    if (selector === null) return [];
    const out: KubeObject[] = [];
    const namespaces = namespace !== undefined ? [namespace] : [...(this.objects.get(kind)?.keys() ?? [])];
    for (const ns of namespaces) this.selectIn(kind, ns, selector, out);
    return out;
  }

  private selectIn(kind: string, ns: string, selector: Exclude<Selector, null>, out: KubeObject[]): void {
    const names = this.objects.get(kind)?.get(ns)?.value;
    if (!names) return;
    let best: Set<string> | undefined;
    for (const [k, v] of equalityPairs(selector)) {
      const set = this.labels.get(kind)?.get(ns)?.get(k)?.get(v)?.value;
      if (!set) return;
      if (!best || set.size < best.size) best = set;
    }
    if (!best) {
      for (const { obj } of names.values())
        if (matches(selector, obj.metadata.labels)) out.push(obj);
      return;
    }
    for (const name of best) {
      const obj = names.get(name)!.obj;
      if (matches(selector, obj.metadata.labels)) out.push(obj);
    }
  }

  /**
   * Objects without a controller reference that a selector matches: the only candidates a
   * controller may adopt. Usually a handful, so claiming never walks a controller's whole fleet.
   */
  selectOrphans(kind: string, namespace: string, selector: Selector): KubeObject[] {
    const set = this.orphans.get(kind)?.get(namespace)?.value;
    const names = this.objects.get(kind)?.get(namespace)?.value;
    if (!set || !names || selector === null) return [];
    const out: KubeObject[] = [];
    for (const name of set) {
      const obj = names.get(name)!.obj;
      if (matches(selector, obj.metadata.labels)) out.push(obj);
    }
    return out;
  }

  /** Objects whose ownerReferences name `uid`. */
  dependents(uid: string): KubeObject[] {
    const map = this.owners.get(uid);
    return map ? Array.from(map.value.values(), (slot) => slot.obj) : [];
  }

  /**
   * The same, without building an array: for the controllers that walk a large fleet each sync.
   * Like a map's own iterator it sees changes made while it is walked.
   */
  *eachDependent(uid: string): Iterable<KubeObject> {
    const map = this.owners.get(uid);
    if (map) for (const slot of map.value.values()) yield slot.obj;
  }

  /** The tally of the pods `uid` controls (zeros when it controls none). */
  podTally(uid: string): Readonly<PodTally> {
    return this.tallies.get(uid) ?? EMPTY_TALLY;
  }

  /** Moves a pod's counts from its old controller tally to its new one. */
  private retally(old: KubeObject | undefined, next: KubeObject | undefined): void {
    const before = old && controllerUid(old);
    const after = next && controllerUid(next);
    if (before) this.countPod(before, old!, -1);
    if (after) this.countPod(after, next!, +1);
    if (old && next && after && !sameShallow(old.metadata.labels, next.metadata.labels)) {
      this.tallyOf(after).labelChanges++;
    }
  }

  private countPod(uid: string, pod: KubeObject, sign: 1 | -1): void {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed' || pod.metadata.deletionTimestamp) return;
    const tally = this.tallyOf(uid);
    tally.active += sign;
    if (isReady(pod)) tally.ready += sign;
  }

  private tallyOf(uid: string): PodTally {
    let tally = this.tallies.get(uid);
    if (!tally) this.tallies.set(uid, (tally = { active: 0, ready: 0, labelChanges: 0 }));
    return tally;
  }

  dependentCount(uid: string): number {
    return this.owners.get(uid)?.value.size ?? 0;
  }

  // -------------------------------------------------------------------------------------------
  // indexes

  private index(obj: KubeObject, slot: Slot): void {
    const { kind, metadata } = obj;
    const ns = metadata.namespace ?? '';
    const name = metadata.name ?? '';
    const labels = metadata.labels;
    for (const k in labels) this.labelSet(kind, ns, k, labels[k], true)!.add(name);
    for (const ref of metadata.ownerReferences ?? []) this.setDependent(ref.uid, obj, slot);
    if (!hasController(obj)) this.orphanSet(kind, ns, true)!.add(name);
  }

  private unindex(obj: KubeObject): void {
    const { kind, metadata } = obj;
    const ns = metadata.namespace ?? '';
    const name = metadata.name ?? '';
    const labels = metadata.labels;
    for (const k in labels) this.labelSet(kind, ns, k, labels[k], false)?.delete(name);
    for (const ref of metadata.ownerReferences ?? []) this.dropDependent(ref.uid, obj);
    if (!hasController(obj)) this.orphanSet(kind, ns, false)?.delete(name);
  }

  private writableNames(kind: string, ns: string): Names {
    let byNs = this.objects.get(kind);
    if (!byNs) this.objects.set(kind, (byNs = new Map()));
    return this.writable(byNs, ns, () => new Map(), (m) => new Map(m));
  }

  /** The set of names with label k=v, made writable; undefined when absent and not `create`. */
  private labelSet(kind: string, ns: string, k: string, v: string, create: boolean): Set<string> | undefined {
    let byNs = this.labels.get(kind);
    if (!byNs) {
      if (!create) return undefined;
      this.labels.set(kind, (byNs = new Map()));
    }
    let index = byNs.get(ns);
    if (!index) {
      if (!create) return undefined;
      byNs.set(ns, (index = new Map()));
    }
    let byValue = index.get(k);
    if (!byValue) {
      if (!create) return undefined;
      index.set(k, (byValue = new Map()));
    }
    if (!create && !byValue.has(v)) return undefined;
    return this.writable(byValue, v, () => new Set<string>(), (s) => new Set(s));
  }

  private orphanSet(kind: string, ns: string, create: boolean): Set<string> | undefined {
    let byNs = this.orphans.get(kind);
    if (!byNs) {
      if (!create) return undefined;
      this.orphans.set(kind, (byNs = new Map()));
    }
    if (!create && !byNs.has(ns)) return undefined;
    return this.writable(byNs, ns, () => new Set<string>(), (s) => new Set(s));
  }

  private setDependent(ownerUid: string, obj: KubeObject, slot: Slot): void {
    const uid = obj.metadata.uid;
    if (!uid) return;
    this.writable(this.owners, ownerUid, () => new Map(), (m) => new Map(m)).set(uid, slot);
  }

  private dropDependent(ownerUid: string, obj: KubeObject): void {
    const uid = obj.metadata.uid;
    if (!uid || !this.owners.get(ownerUid)?.value.has(uid)) return;
    const map = this.writable(this.owners, ownerUid, () => new Map(), (m) => new Map(m));
    map.delete(uid);
    if (map.size === 0) this.owners.delete(ownerUid);
  }

  /** The value under `key`, created or copied so that this store may change it in place. */
  private writable<T>(map: Map<string, Cow<T>>, key: string, make: () => T, copy: (t: T) => T): T {
    let cow = map.get(key);
    if (!cow) map.set(key, (cow = new Cow(this.id, make())));
    else if (cow.owner !== this.id) map.set(key, (cow = new Cow(this.id, copy(cow.value))));
    return cow.value;
  }
}

/**
 * Copies the first `depth` map levels of a nested index, sharing what is below (the Cow
 * leaves). Example: depth 1 copies kind → (a new namespace map with the same Cow values).
 */
function copyLevels<T>(map: Map<string, T>, depth: number): Map<string, T> {
  const out = new Map<string, T>();
  for (const [k, v] of map) {
    out.set(k, depth > 0 && v instanceof Map ? (copyLevels(v as Map<string, unknown>, depth - 1) as T) : v);
  }
  return out;
}

function sameIndexedFields(a: KubeObject, b: KubeObject): boolean {
  const ma = a.metadata;
  const mb = b.metadata;
  return (
    ma.uid === mb.uid &&
    sameShallow(ma.labels, mb.labels) &&
    (ma.ownerReferences === mb.ownerReferences || deepEqual(ma.ownerReferences, mb.ownerReferences))
  );
}

function sameShallow(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (a[k] !== b[k]) return false;
  return true;
}

const EMPTY_TALLY: Readonly<PodTally> = { active: 0, ready: 0, labelChanges: 0 };

function controllerUid(obj: KubeObject): string | undefined {
  const refs = obj.metadata.ownerReferences;
  if (!refs) return undefined;
  for (let i = 0; i < refs.length; i++) if (refs[i].controller === true) return refs[i].uid;
  return undefined;
}

function isReady(pod: KubeObject): boolean {
  const conditions = pod.status?.conditions;
  if (!Array.isArray(conditions)) return false;
  for (const c of conditions) if (c?.type === 'Ready') return c.status === 'True';
  return false;
}

function hasController(obj: KubeObject): boolean {
  return obj.metadata.ownerReferences?.some((r) => r.controller === true) ?? false;
}
