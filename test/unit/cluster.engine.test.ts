/**
 * The cluster's machinery under its controllers: the work queue, the event log, the store's
 * slots between clones, and the generator of uids and names.
 */
import { strict as assert } from 'node:assert';
import type { ClusterEvent, KubeObject } from '../../server/src/core/cluster/api';
import { EventLog } from '../../server/src/core/cluster/events';
import { WorkQueue } from '../../server/src/core/cluster/queue';
import { joinFlat, randomUid, SeededRandom } from '../../server/src/core/cluster/random';
import { Store } from '../../server/src/core/cluster/store';

function drain(q: WorkQueue, controller: string): string[] {
  return [...q.take(controller)];
}

describe('work queue', () => {
  it('releases timers earliest first and, at one time, in the order they were added', () => {
    const q = new WorkQueue();
    q.addAt('kubelet', 'b', 2000);
    q.addAt('kubelet', 'a', 1000);
    q.addAt('kubelet', 'c', 2000);
    q.addAt('kubelet', 'd', 1000);
    assert.equal(q.nextTime(), 1000);
    q.promote(1000);
    assert.deepEqual(drain(q, 'kubelet'), ['a', 'd']);
    q.addAt('kubelet', 'e', 1000);
    q.promote(5000);
    assert.deepEqual(drain(q, 'kubelet'), ['e', 'b', 'c']);
    assert.equal(q.nextTime(), undefined);
  });

  it('counts deadlines apart from timers that lead somewhere', () => {
    const q = new WorkQueue();
    q.addAt('deployment-controller', 'default/web', 600_000, true);
    assert.equal(q.hasProgressTimers(), false);
    q.addAt('kubelet', 'default/web-1', 2000);
    assert.equal(q.hasProgressTimers(), true);
    assert.equal(q.pending, 2);
    q.promote(2000);
    assert.equal(q.hasProgressTimers(), false);
    assert.equal(q.pending, 2);
  });

  it('takes keys once each, in order; keys added meanwhile wait for the next take', () => {
    const q = new WorkQueue();
    for (const k of ['x', 'y', 'x', 'z']) q.add('scheduler', k);
    const seen: string[] = [];
    for (const k of q.take('scheduler')) {
      seen.push(k);
      q.add('scheduler', `${k}2`);
    }
    assert.deepEqual(seen, ['x', 'y', 'z']);
    assert.deepEqual(drain(q, 'scheduler'), ['x2', 'y2', 'z2']);
    assert.equal(q.hasReady(), false);
  });

  it('clones keys and timers apart', () => {
    const q = new WorkQueue();
    q.add('kubelet', 'a');
    q.addAt('kubelet', 'b', 10);
    const copy = q.clone();
    copy.addAt('kubelet', 'c', 10);
    copy.add('kubelet', 'd');
    q.promote(10);
    copy.promote(10);
    assert.deepEqual(drain(q, 'kubelet'), ['a', 'b']);
    assert.deepEqual(drain(copy, 'kubelet'), ['a', 'd', 'b', 'c']);
  });
});

function event(name: string, reason: string, message = reason, uid = `uid-${name}`): ClusterEvent {
  return {
    type: 'Normal',
    reason,
    message,
    involvedObject: { kind: 'Deployment', namespace: 'default', name, uid },
    source: 'deployment-controller',
    count: 1,
    firstTime: 0,
    lastTime: 0,
  };
}

describe('event log', () => {
  it('lists the events of one object in order, however they interleave with others', () => {
    const log = new EventLog();
    log.record(event('a', 'One'));
    log.record(event('b', 'One'));
    log.record(event('a', 'Two'));
    log.record(event('a', 'Three'));
    log.record(event('b', 'Two'));
    const reasons = (name: string) =>
      log.forObject('Deployment', 'default', name, `uid-${name}`).map((e) => e.reason);
    assert.deepEqual(reasons('a'), ['One', 'Two', 'Three']);
    assert.deepEqual(reasons('b'), ['One', 'Two']);
    assert.deepEqual(reasons('c'), []);
    assert.equal(log.size, 5);
  });

  it('folds a repeated event into the first, in place', () => {
    const log = new EventLog();
    log.record(event('a', 'Scaled'));
    log.record(event('b', 'Other'));
    log.record({ ...event('a', 'Scaled'), lastTime: 5000 });
    const [first] = log.forObject('Deployment', 'default', 'a', 'uid-a');
    assert.equal(first.count, 2);
    assert.equal(first.lastTime, 5000);
    assert.deepEqual(
      log.list().map((e) => e.reason),
      ['Scaled', 'Other'],
    );
  });

  it('clones apart', () => {
    const log = new EventLog();
    log.record(event('a', 'One'));
    const copy = log.clone();
    copy.record(event('a', 'Two'));
    log.record(event('a', 'Three'));
    const reasons = (l: EventLog) =>
      l.forObject('Deployment', 'default', 'a', 'uid-a').map((e) => e.reason);
    assert.deepEqual(reasons(log), ['One', 'Three']);
    assert.deepEqual(reasons(copy), ['One', 'Two']);
  });
});

function storedPod(name: string, version: number, labels = { app: 'web' }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'rs',
          uid: 'uid-rs',
          controller: true,
        },
      ],
      resourceVersion: String(version),
    },
    status: { phase: 'Pending' },
  };
}

describe('store', () => {
  const versions = (s: Store) =>
    s
      .dependents('uid-rs')
      .map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}`)
      .sort();

  it('serves the latest version through every index', () => {
    const s = new Store();
    s.put(storedPod('p1', 1));
    s.put(storedPod('p2', 2));
    const p1 = storedPod('p1', 3);
    const labels = s.find('Pod', 'default', 'p1')!.metadata.labels;
    s.put({ ...p1, metadata: { ...p1.metadata, labels } });
    assert.deepEqual(versions(s), ['p1@3', 'p2@2']);
    assert.equal(s.byUid('uid-p1')!.metadata.resourceVersion, '3');
    const walked = [...s.eachDependent('uid-rs')].map((p) => p.metadata.resourceVersion);
    assert.deepEqual(walked, ['3', '2']);
    const web = [{ key: 'app', operator: 'In' as const, values: ['web'] }];
    assert.equal(s.select('Pod', 'default', web).length, 2);
  });

  it('keeps a clone and its original apart, whichever is written first', () => {
    const s = new Store();
    const labels = { app: 'web' };
    s.put(storedPod('p1', 1, labels));
    s.put(storedPod('p2', 2, labels));
    const copy = s.clone();
    copy.put(storedPod('p1', 10, labels));
    s.put(storedPod('p2', 20, labels));
    copy.put(storedPod('p1', 11, labels));
    s.put(storedPod('p1', 21, { app: 'other' }));
    assert.deepEqual(versions(s), ['p1@21', 'p2@20']);
    assert.deepEqual(versions(copy), ['p1@11', 'p2@2']);
    assert.equal(copy.byUid('uid-p1')!.metadata.resourceVersion, '11');
    assert.equal(s.byUid('uid-p2')!.metadata.resourceVersion, '20');
    const web = [{ key: 'app', operator: 'In' as const, values: ['web'] }];
    assert.equal(s.select('Pod', 'default', web).length, 1);
    assert.equal(copy.select('Pod', 'default', web).length, 2);
  });

  it('forgets a removed object in every index', () => {
    const s = new Store();
    s.put(storedPod('p1', 1));
    const copy = s.clone();
    s.remove(storedPod('p1', 1));
    assert.equal(s.byUid('uid-p1'), undefined);
    assert.deepEqual(versions(s), []);
    assert.equal(s.size, 0);
    assert.deepEqual(versions(copy), ['p1@1']);
  });
});

describe('names and uids', () => {
  it('draws the same uids for a seed as it always has', () => {
    const rng = new SeededRandom(1);
    assert.deepEqual([randomUid(rng), randomUid(rng), randomUid(rng)], [
      'a087eaf3-00b3-49c9-8706-c4ebfb2627fd',
      'f7e79d2b-47f6-4630-9ce3-01f0b8829f5c',
      '6d010770-feac-4771-b48c-a60a7d213b2e',
    ]);
  });

  it('writes version-4 uids', () => {
    const rng = new SeededRandom(99);
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (let i = 0; i < 1000; i++) assert.match(randomUid(rng), v4);
  });

  it('joins a name from its prefix and suffix', () => {
    assert.equal(joinFlat('web-6d4cf56db6-', 'x2q7k'), 'web-6d4cf56db6-x2q7k');
    assert.equal(joinFlat('', ''), '');
  });
});
