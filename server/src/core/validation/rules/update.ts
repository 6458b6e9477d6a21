/**
 * What an update may not change: the selector of Deployments, ReplicaSets and DaemonSets, and
 * most of a StatefulSet's spec (the fields that may change grew over the releases).
 */
import { atLeast, type Minor } from '../../api/versions';
import { get, isRecord, type Rec } from './decode';
import { FieldPath, type Collector } from './field';
import { labelSelectorValue } from './labels';

/**
 * Semantic equality as apimachinery's DeepEqual sees decoded objects: a null, an empty list and
 * an empty map equal an absent field. (A pointer to an empty struct is not nil in Go; this treats
 * it as nil, which only matters for fields such as `selector: {}`, compared separately.)
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map(normalize) : undefined;
  if (!isRecord(v)) return v === null ? undefined : v;
  const out: Rec = {};
  for (const k of Object.keys(v).sort()) {
    const x = normalize(v[k]);
    if (x !== undefined && !(isRecord(x) && Object.keys(x).length === 0)) out[k] = x;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Selectors compare equal when both are nil, or both set with equal contents. */
export function selectorsEqual(a: unknown, b: unknown): boolean {
  const na = a === null || a === undefined;
  const nb = b === null || b === undefined;
  if (na || nb) return na === nb;
  return semanticEqual(a, b);
}

/** ValidateImmutableField for spec.selector; the value shown is the new selector. */
export function validateSelectorImmutable(c: Collector, obj: Rec, old: Rec): void {
  const next = get(get(obj, 'spec'), 'selector');
  const prev = get(get(old, 'spec'), 'selector');
  if (selectorsEqual(next, prev)) return;
  const to = isRecord(next) ? labelSelectorValue(next) : null;
  c.invalid(
    FieldPath.of('spec', 'selector'),
    { t: 'ptr', type: '*v1.LabelSelector', to },
    'field is immutable',
    'selector-immutable',
    {
      at: next === undefined ? ['spec'] : ['spec', 'selector'],
      atKey: true,
    },
  );
}

/**
 * The spec fields a StatefulSet update may change in a minor, and the message naming them. Fields
 * a minor does not have (its feature off or not yet added) are dropped on decoding, so they count
 * as mutable there.
 */
function statefulSetMutable(minor: Minor): { fields: string[]; message: string } {
  const lead = 'updates to statefulset spec for fields other than';
  if (atLeast(minor, '1.27')) {
    return {
      fields: [
        'replicas',
        'ordinals',
        'template',
        'updateStrategy',
        'persistentVolumeClaimRetentionPolicy',
        'minReadySeconds',
      ],
      message: `${lead} 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden`,
    };
  }
  // FIXME: the 1.26 wording is derived from its feature gates (retention policy off), not read from
  // a 1.26 source; and a release after 1.35 also lets revisionHistoryLimit change.
  if (atLeast(minor, '1.26')) {
    return {
      fields: [
        'replicas',
        'template',
        'updateStrategy',
        'minReadySeconds',
        'persistentVolumeClaimRetentionPolicy',
        'ordinals',
      ],
      message: `${lead} 'replicas', 'template', 'updateStrategy' and 'minReadySeconds' are forbidden`,
    };
  }
  return {
    fields: [
      'replicas',
      'template',
      'updateStrategy',
      'minReadySeconds',
      'persistentVolumeClaimRetentionPolicy',
      'ordinals',
    ],
    message: `${lead} 'replicas', 'template', and 'updateStrategy' are forbidden`,
  };
}

/** The defaults that make an omitted field equal to a written-out default. */
function defaultedStatefulSpec(spec: unknown, mutable: string[]): Rec {
  const out: Rec = { podManagementPolicy: 'OrderedReady', revisionHistoryLimit: 10 };
  if (isRecord(spec)) for (const [k, v] of Object.entries(spec)) if (v !== null) out[k] = v;
  for (const k of mutable) delete out[k];
  const claims = out.volumeClaimTemplates;
  if (Array.isArray(claims)) out.volumeClaimTemplates = claims.map(defaultedClaim);
  return out;
}

/** A claim template as stored: no apiVersion/kind, volumeMode Filesystem, status phase Pending. */
function defaultedClaim(claim: unknown): unknown {
  if (!isRecord(claim)) return claim;
  const { apiVersion: _a, kind: _k, ...rest } = claim;
  const spec = isRecord(rest.spec) ? { volumeMode: 'Filesystem', ...rest.spec } : rest.spec;
  const status = isRecord(rest.status)
    ? { phase: 'Pending', ...rest.status }
    : { phase: 'Pending' };
  return { ...rest, spec, status };
}

export function validateStatefulSetUpdate(c: Collector, obj: Rec, old: Rec): void {
  const { fields, message } = statefulSetMutable(c.minor);
  const next = defaultedStatefulSpec(get(obj, 'spec'), fields);
  const prev = defaultedStatefulSpec(get(old, 'spec'), fields);
  if (semanticEqual(next, prev)) return;
  c.forbidden(FieldPath.of('spec'), message, 'statefulset-forbidden-update', {
    at: ['spec'],
    atKey: true,
  });
}
