/**
 * The workload kinds: apps/v1 Deployment, ReplicaSet, DaemonSet and StatefulSet
 * (pkg/apis/apps/validation) and core/v1 ReplicationController, in the API server's order.
 */
import { atLeast } from '../../api/versions';
import {
  BAD,
  get,
  int,
  isRecord,
  rec,
  recOrEmpty,
  str,
  strMap,
  toStrMap,
  type Rec,
} from './decode';
import { FieldPath, type Collector } from './field';
import { goInt, goStr, goStringMap } from './govalue';
import {
  labelSelectorAsSelector,
  labelSelectorValue,
  mapSelector,
  selectorMatches,
  validateAnnotations,
  validateLabels,
  validateLabelSelector,
  type Selector,
} from './labels';
import { validatePodTemplateSpec } from './podspec';
import {
  validateDaemonSetUpdateStrategy,
  validateDeploymentStrategy,
  validateStatefulSetStrategy,
} from './strategy';

const SPEC = FieldPath.of('spec');
const TEMPLATE = SPEC.child('template');
const TEMPLATE_LABELS = ['spec', 'template', 'metadata', 'labels'];

/** A non-negative int32 field with its default (absent fields are defaulted, never errors). */
function nonNegative(c: Collector, obj: Rec, key: string, fp: FieldPath): number | undefined {
  const v = int(obj, key);
  if (v === BAD || v === undefined) return undefined;
  if (v < 0)
    c.invalid(fp.child(key), goInt(v), 'must be greater than or equal to 0', 'negative-value');
  return v;
}

/** The template's labels, or BAD when they could not be decoded as strings. */
function templateLabels(spec: Rec): Record<string, string> | null | typeof BAD {
  const meta = get(get(spec, 'template'), 'metadata');
  const labels = get(meta, 'labels');
  return labels === undefined ? null : toStrMap(labels);
}

/** `selector` does not match template `labels`, when the selector selects something and misses. */
function checkSelectorMatch(c: Collector, sel: Selector, spec: Rec, skipEmpty: boolean): void {
  const labels = templateLabels(spec);
  if (labels === BAD || sel.kind === 'unreadable' || sel.kind === 'invalid') return;
  if (skipEmpty && sel.kind === 'everything') return;
  if (selectorMatches(sel, labels ?? {})) return;
  c.invalid(
    TEMPLATE.child('metadata', 'labels'),
    goStringMap(labels),
    '`selector` does not match template `labels`',
    'selector-mismatch',
    {
      atKey: true,
    },
  );
}

/** Required / validated / not empty: the selector rules shared by Deployment, ReplicaSet and StatefulSet. */
function validateSelectorField(
  c: Collector,
  spec: Rec,
  kindWord: string,
  required: boolean,
): Rec | undefined {
  const sel = get(spec, 'selector');
  if (sel === undefined) {
    if (required)
      c.required(SPEC.child('selector'), '', 'selector-required', { at: ['spec'], atKey: true });
    return undefined;
  }
  if (!isRecord(sel)) return undefined;
  validateLabelSelector(c, sel, SPEC.child('selector'), ['spec', 'selector']);
  const labels = get(sel, 'matchLabels');
  const exprs = get(sel, 'matchExpressions');
  const count =
    (isRecord(labels) ? Object.keys(labels).length : 0) + (Array.isArray(exprs) ? exprs.length : 0);
  if (count === 0) {
    c.invalid(
      SPEC.child('selector'),
      { t: 'ptr', type: '*v1.LabelSelector', to: labelSelectorValue(sel) },
      `empty selector is invalid for ${kindWord}`,
      'selector-empty',
      { atKey: true },
    );
  }
  return sel;
}

/** ValidatePodTemplateSpecForReplicaSet (used by Deployments, ReplicaSets and, in core, RCs). */
function validateTemplateForReplicaSet(
  c: Collector,
  spec: Rec,
  sel: Selector,
  owner: string,
): void {
  checkSelectorMatch(c, sel, spec, true);
  validatePodTemplateSpec(c, recOrEmpty(spec, 'template'), TEMPLATE);
  validateWorkloadPodRules(c, spec, owner);
}

/**
 * restartPolicy must be Always and activeDeadlineSeconds unset for long-running workloads.
 * FIXME: 1.20 may have reported activeDeadlineSeconds as Invalid (with its value) rather than
 * Forbidden; the Forbidden form read from recent sources is used for every minor.
 */
function validateWorkloadPodRules(c: Collector, spec: Rec, owner: string): void {
  const podSpec = recOrEmpty(recOrEmpty(spec, 'template'), 'spec');
  const policy = str(podSpec, 'restartPolicy');
  const sp = TEMPLATE.child('spec');
  if (typeof policy === 'string' && policy !== '' && policy !== 'Always') {
    c.notSupported(sp.child('restartPolicy'), goStr(policy, true), ['Always'], 'restart-policy');
  }
  if (get(podSpec, 'activeDeadlineSeconds') !== undefined) {
    c.forbidden(
      sp.child('activeDeadlineSeconds'),
      `activeDeadlineSeconds in ${owner} is not Supported`,
      'active-deadline-forbidden',
      { atKey: true },
    );
  }
}

function selectorOf(spec: Rec, c: Collector): Selector {
  return labelSelectorAsSelector(get(spec, 'selector'), c.minor);
}

function invalidSelector(c: Collector, spec: Rec, detail: string): void {
  const sel = get(spec, 'selector');
  const value = {
    t: 'ptr',
    type: '*v1.LabelSelector',
    to: isRecord(sel) ? labelSelectorValue(sel) : null,
  } as const;
  c.invalid(SPEC.child('selector'), value, detail, 'selector-invalid', { atKey: true });
}

export function validateDeploymentSpec(c: Collector, spec: Rec): void {
  nonNegative(c, spec, 'replicas', SPEC);
  validateSelectorField(c, spec, 'deployment', true);
  const sel = selectorOf(spec, c);
  if (sel.kind === 'invalid') invalidSelector(c, spec, 'invalid label selector');
  else validateTemplateForReplicaSet(c, spec, sel, 'ReplicaSet');
  validateDeploymentStrategy(c, spec);
  const minReady = nonNegative(c, spec, 'minReadySeconds', SPEC) ?? 0;
  nonNegative(c, spec, 'revisionHistoryLimit', SPEC);
  validateProgressDeadline(c, spec, minReady);
}

/** progressDeadlineSeconds defaults to 600, so a large minReadySeconds alone can trip this. */
function validateProgressDeadline(c: Collector, spec: Rec, minReady: number): void {
  const given = int(spec, 'progressDeadlineSeconds');
  if (given === BAD) return;
  const deadline = given ?? 600;
  if (given !== undefined) nonNegative(c, spec, 'progressDeadlineSeconds', SPEC);
  if (deadline <= minReady) {
    const place = given === undefined ? { at: ['spec', 'minReadySeconds'] } : {};
    c.invalid(
      SPEC.child('progressDeadlineSeconds'),
      goInt(deadline),
      'must be greater than minReadySeconds',
      'progress-deadline',
      place,
    );
  }
}

export function validateReplicaSetSpec(c: Collector, spec: Rec): void {
  nonNegative(c, spec, 'replicas', SPEC);
  nonNegative(c, spec, 'minReadySeconds', SPEC);
  // The word "deployment" is what the API server says for ReplicaSets too.
  validateSelectorField(c, spec, 'deployment', true);
  const sel = selectorOf(spec, c);
  if (sel.kind === 'invalid') invalidSelector(c, spec, 'invalid label selector');
  else validateTemplateForReplicaSet(c, spec, sel, 'ReplicaSet');
}

export function validateDaemonSetSpec(c: Collector, spec: Rec): void {
  const raw = get(spec, 'selector');
  if (isRecord(raw)) validateLabelSelector(c, raw, SPEC.child('selector'), ['spec', 'selector']);
  const sel = selectorOf(spec, c);
  // A nil selector selects nothing, so it surfaces only as the template mismatch.
  checkSelectorMatch(c, sel, spec, false);
  if (isRecord(raw) && sel.kind === 'everything') {
    c.invalid(
      SPEC.child('selector'),
      { t: 'ptr', type: '*v1.LabelSelector', to: labelSelectorValue(raw) },
      'empty selector is invalid for daemonset',
      'selector-empty',
      { atKey: true },
    );
  }
  validatePodTemplateSpec(c, recOrEmpty(spec, 'template'), TEMPLATE);
  validateWorkloadPodRules(c, spec, 'DaemonSet');
  nonNegative(c, spec, 'minReadySeconds', SPEC);
  validateDaemonSetUpdateStrategy(c, spec);
  nonNegative(c, spec, 'revisionHistoryLimit', SPEC);
}

/**
 * FIXME: recent releases also check that a non-empty serviceName is a DNS label; the release that
 * added it is not confirmed, so serviceName is not checked at all.
 */
export function validateStatefulSetSpec(c: Collector, spec: Rec): void {
  validateStatefulSetStrategy(c, spec);
  if (atLeast(c.minor, '1.27')) validateRetentionPolicy(c, spec);
  nonNegative(c, spec, 'replicas', SPEC);
  if (atLeast(c.minor, '1.26')) nonNegative(c, spec, 'minReadySeconds', SPEC);
  if (atLeast(c.minor, '1.27')) validateOrdinals(c, spec);
  validateSelectorField(c, spec, 'statefulset', true);
  const sel = selectorOf(spec, c);
  if (sel.kind === 'invalid') invalidSelector(c, spec, '');
  else validateStatefulSetTemplate(c, spec, sel);
  validateWorkloadPodRules(c, spec, 'StatefulSet');
}

/**
 * The API server checks only a StatefulSet template's labels and annotations, not its pod spec:
 * a bad container there is only rejected when the controller creates each Pod.
 */
function validateStatefulSetTemplate(c: Collector, spec: Rec, sel: Selector): void {
  checkSelectorMatch(c, sel, spec, true);
  const meta = get(get(spec, 'template'), 'metadata');
  if (!isRecord(meta)) return;
  validateLabels(c, meta, 'labels', TEMPLATE.child('labels'), TEMPLATE_LABELS);
  validateAnnotations(c, meta, TEMPLATE.child('annotations'), [
    'spec',
    'template',
    'metadata',
    'annotations',
  ]);
}

function validateRetentionPolicy(c: Collector, spec: Rec): void {
  const policy = rec(spec, 'persistentVolumeClaimRetentionPolicy');
  if (!policy || policy === BAD) return;
  const fp = SPEC.child('persistentVolumeClaimRetentionPolicy');
  for (const key of ['whenDeleted', 'whenScaled']) {
    const v = str(policy, key);
    if (!v || v === BAD || v === 'Retain' || v === 'Delete') continue;
    c.notSupported(fp.child(key), goStr(v, true), ['Retain', 'Delete'], 'unsupported-value');
  }
}

function validateOrdinals(c: Collector, spec: Rec): void {
  const ordinals = rec(spec, 'ordinals');
  if (!ordinals || ordinals === BAD) return;
  const start = int(ordinals, 'start');
  // The API server names this field with a dot inside one path segment.
  if (typeof start === 'number' && start < 0) {
    c.invalid(
      SPEC.child('ordinals.start'),
      goInt(start),
      'must be greater than or equal to 0',
      'negative-value',
      { path: ['spec', 'ordinals', 'start'] },
    );
  }
}

/** core/v1 ReplicationController: its plain-map selector defaults to the template's labels. */
export function validateReplicationControllerSpec(c: Collector, spec: Rec): void {
  nonNegative(c, spec, 'minReadySeconds', SPEC);
  const given = strMap(spec, 'selector');
  const labels = templateLabels(spec);
  if (given === BAD || labels === BAD) return;
  const selector = given && Object.keys(given).length ? given : (labels ?? {});
  if (Object.keys(selector).length === 0)
    c.required(SPEC.child('selector'), '', 'selector-required', { at: ['spec'], atKey: true });
  nonNegative(c, spec, 'replicas', SPEC);
  const template = get(spec, 'template');
  if (!isRecord(template)) {
    if (template === undefined)
      c.required(TEMPLATE, '', 'template-required', { at: ['spec'], atKey: true });
    return;
  }
  validateTemplateForReplicaSet(c, spec, mapSelector(selector), 'ReplicationController');
}
