/**
 * The API server's own rules for the objects Kubeplan knows: what `kubectl apply` would be told
 * on create (or on update, given the stored object), as field errors with the server's wording
 * for the chosen minor, plus the warnings it returns; and the same as problems in a manifest.
 */
export type { RuleError } from './field';
export { checkObjectRules } from './problems';
export {
  apiWarnings,
  findRuleErrors,
  invalidMessage,
  serverInvalidMessage,
  validateObject,
} from './validate';
export {
  isLabelKey,
  isLabelValue,
  labelSelectorAsSelector,
  labelSelectorMatches,
  mapSelector,
  requirementMatches,
  selectorMatches,
  type Requirement,
  type Selector,
} from './labels';

/** Every problem code checkObjectRules can report (each documented in docs/problems.md). */
export const RULE_CODES: readonly string[] = [
  'active-deadline-forbidden',
  'configmap-key',
  'container-name',
  'containers-required',
  'duplicate-host-port',
  'duplicate-name',
  'image-required',
  'invalid-annotation',
  'invalid-label',
  'invalid-name',
  'max-unavailable-zero',
  'name-not-dns-label',
  'name-required',
  'negative-value',
  'out-of-range',
  'port-name',
  'port-number',
  'probe',
  'progress-deadline',
  'requests-exceed-limits',
  'resource-name',
  'restart-policy',
  'rollout-downtime',
  'selector-empty',
  'selector-immutable',
  'selector-invalid',
  'selector-mismatch',
  'selector-operator',
  'selector-required',
  'selector-values',
  'service-port-name',
  'service-ports',
  'service-target-port',
  'statefulset-forbidden-update',
  'statefulset-pod-invalid',
  'strategy-invalid',
  'template-required',
  'unsupported-value',
  'volume-mount',
  'volume-name',
  'volume-source',
];
