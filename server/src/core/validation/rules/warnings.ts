/**
 * Warnings: those the API server itself returns on create, and Kubeplan's own about rollouts
 * that would take a Deployment's pods down.
 */
import { atLeast } from '../../api/versions';
import { BAD, get, int, intOrString, rec, str, type IntOrString, type Rec } from './decode';
import type { Collector } from './field';
import { isDNS1123Label, isDNS1123Subdomain } from './names';
import { percentOf } from './strategy';

/** Kinds whose name becomes a Pod name and hostname, and so gets a warning when not a DNS label. */
const POD_NAMING_KINDS = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'Pod']);

export function nameWarnings(c: Collector, kind: string, obj: Rec): void {
  if (!POD_NAMING_KINDS.has(kind) || !atLeast(c.minor, '1.27')) return;
  const name = str(get(obj, 'metadata'), 'name');
  if (!name || name === BAD || isDNS1123Subdomain(name).length) return;
  const msgs = isDNS1123Label(name, c.minor);
  if (!msgs.length) return;
  const text =
    'metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; ' +
    `a DNS label is recommended: [${msgs.join(' ')}]`;
  c.warning('name-not-dns-label', text, ['metadata', 'name']);
}

/**
 * The deployment controller resolves maxSurge rounding up and maxUnavailable rounding down; when
 * both come to 0 it allows 1 unavailable pod so the rollout can move. With 1 replica that pod is
 * the only one: every rollout deletes it before its replacement is ready.
 */
export function rolloutWarnings(c: Collector, spec: Rec): void {
  const strategy = rec(spec, 'strategy');
  if (strategy === BAD || (str(strategy, 'type') ?? 'RollingUpdate') !== 'RollingUpdate') return;
  const replicas = int(spec, 'replicas') ?? 1;
  const ru = rec(strategy, 'rollingUpdate');
  if (replicas === BAD || replicas <= 0 || ru === BAD) return;
  const surge = intOrString(ru, 'maxSurge') ?? { isStr: true, str: '25%' };
  const unavailable = intOrString(ru, 'maxUnavailable') ?? { isStr: true, str: '25%' };
  if (surge === BAD || unavailable === BAD) return;
  const s = scaled(surge, replicas, Math.ceil);
  const u = scaled(unavailable, replicas, Math.floor);
  // Both written as zero is a validation error, reported as such.
  if (s !== 0 || u !== 0 || (isZero(surge) && isZero(unavailable))) return;
  const plural = replicas === 1 ? 'replica' : 'replicas';
  const effect =
    replicas === 1
      ? 'every rollout deletes the only pod before its replacement is ready (downtime)'
      : `every rollout takes 1 of the ${replicas} pods down before its replacement is ready`;
  const text =
    `maxSurge ${show(surge)} and maxUnavailable ${show(unavailable)} both resolve to 0 for ${replicas} ${plural}, ` +
    `so the deployment controller allows 1 unavailable pod instead: ${effect}`;
  const at =
    get(ru, 'maxUnavailable') !== undefined
      ? ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable']
      : ['spec', 'strategy', 'rollingUpdate', 'maxSurge'];
  c.warning('rollout-downtime', text, at);
}

/** GetScaledValueFromIntOrPercent; undefined for a value validation rejects. */
function scaled(v: IntOrString, total: number, round: (x: number) => number): number | undefined {
  if (!v.isStr) return v.int < 0 ? undefined : v.int;
  const pct = percentOf(v);
  return pct === undefined ? undefined : round((pct * total) / 100);
}

function isZero(v: IntOrString): boolean {
  return v.isStr ? percentOf(v) === 0 : v.int === 0;
}

function show(v: IntOrString): string {
  return v.isStr ? v.str : String(v.int);
}
