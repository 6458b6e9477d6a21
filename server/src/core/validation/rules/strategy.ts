/**
 * Update strategies of Deployments, DaemonSets and StatefulSets, validated on the defaulted
 * object: an omitted Deployment strategy is RollingUpdate 25%/25%, a DaemonSet's is RollingUpdate
 * with maxUnavailable 1 and maxSurge 0, a StatefulSet's is RollingUpdate with partition 0.
 */
import { atLeast } from '../../api/versions';
import { BAD, get, int, intOrString, rec, str, type IntOrString, type Rec } from './decode';
import { FieldPath, type Collector } from './field';
import { goInt, goStr, type GoField, type GoValue } from './govalue';
import { regexError } from './names';

/** The internal IntOrString value, as error messages show it. */
export function intstrValue(v: IntOrString): GoValue {
  return v.isStr
    ? { t: 'intstr', isStr: true, int: 0, str: v.str }
    : { t: 'intstr', isStr: false, int: v.int, str: '' };
}

function isValidPercent(s: string): boolean {
  return /^[0-9]+%$/.test(s);
}

/** A valid percent string's number; undefined when the value is not a percent. */
export function percentOf(v: IntOrString): number | undefined {
  return v.isStr && isValidPercent(v.str) ? Number(v.str.slice(0, -1)) : undefined;
}

/** getIntOrPercentValue: a percent's number, else IntValue() (which reads a numeric string). */
export function intOrPercentValue(v: IntOrString): number {
  const pct = percentOf(v);
  if (pct !== undefined) return pct;
  if (!v.isStr) return v.int;
  return /^[+-]?\d+$/.test(v.str) ? Number(v.str) : 0;
}

/** ValidatePositiveIntOrPercent. */
function validatePositiveIntOrPercent(c: Collector, v: IntOrString, fp: FieldPath): void {
  if (v.isStr) {
    if (isValidPercent(v.str)) return;
    const msg = regexError(
      "a valid percent string must be a numeric string followed by an ending '%'",
      '[0-9]+%',
      '1%',
      '93%',
    );
    c.invalid(fp, intstrValue(v), msg, 'strategy-invalid');
    return;
  }
  if (v.int < 0)
    c.invalid(fp, goInt(v.int), 'must be greater than or equal to 0', 'negative-value');
}

function validateNotMoreThan100Percent(c: Collector, v: IntOrString, fp: FieldPath): void {
  const pct = percentOf(v);
  if (pct !== undefined && pct > 100)
    c.invalid(fp, intstrValue(v), 'must not be greater than 100%', 'strategy-invalid');
}

/** The rollingUpdate values after defaulting, or BAD when one has the wrong JSON type. */
function rollingValue(
  ru: Rec | undefined,
  key: string,
  fallback: IntOrString,
): IntOrString | typeof BAD {
  const v = ru ? intOrString(ru, key) : undefined;
  return v === undefined ? fallback : v;
}

/** A strategy struct as the API server holds it: rollingUpdate values it was not given are zero. */
function strategyStruct(
  type: string,
  goType: string,
  ruType: string,
  ru: Rec | undefined,
  keys: string[],
): GoValue {
  const ruValue = (r: Rec): GoValue => ({
    t: 'struct',
    type: ruType,
    fields: keys.map((k) => {
      const v = intOrString(r, k);
      return {
        name: k[0].toUpperCase() + k.slice(1),
        value: intstrValue(v && v !== BAD ? v : { isStr: false, int: 0 }),
      };
    }),
  });
  return {
    t: 'struct',
    type: goType,
    fields: [
      { name: 'Type', value: goStr(type, true) },
      {
        name: 'RollingUpdate',
        value: { t: 'ptr', type: `*${ruType}`, to: ru ? ruValue(ru) : null },
      },
    ],
  };
}

export function validateDeploymentStrategy(c: Collector, spec: Rec): void {
  const fp = FieldPath.of('spec', 'strategy');
  const strategy = rec(spec, 'strategy');
  if (strategy === BAD) return;
  const type = str(strategy, 'type');
  const ru = rec(strategy, 'rollingUpdate');
  if (type === BAD || ru === BAD) return;
  if (type === 'Recreate') {
    if (ru)
      c.forbidden(
        fp.child('rollingUpdate'),
        "may not be specified when strategy `type` is 'Recreate'",
        'strategy-invalid',
        { atKey: true },
      );
    return;
  }
  if (type !== undefined && type !== '' && type !== 'RollingUpdate') {
    const value = {
      t: 'ptr',
      type: '*apps.DeploymentStrategy',
      to: strategyStruct(type, 'apps.DeploymentStrategy', 'apps.RollingUpdateDeployment', ru, [
        'maxUnavailable',
        'maxSurge',
      ]),
    } as const;
    c.notSupported(fp, value, ['Recreate', 'RollingUpdate'], 'strategy-invalid', {
      at: [...fp.json, 'type'],
    });
    return;
  }
  validateRollingUpdateDeployment(c, ru, fp.child('rollingUpdate'));
}

const QUARTER: IntOrString = { isStr: true, str: '25%' };

function validateRollingUpdateDeployment(c: Collector, ru: Rec | undefined, fp: FieldPath): void {
  const maxUnavailable = rollingValue(ru, 'maxUnavailable', QUARTER);
  const maxSurge = rollingValue(ru, 'maxSurge', QUARTER);
  if (maxUnavailable !== BAD)
    validatePositiveIntOrPercent(c, maxUnavailable, fp.child('maxUnavailable'));
  if (maxSurge !== BAD) validatePositiveIntOrPercent(c, maxSurge, fp.child('maxSurge'));
  if (maxUnavailable === BAD || maxSurge === BAD) return;
  if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
    c.invalid(
      fp.child('maxUnavailable'),
      intstrValue(maxUnavailable),
      'may not be 0 when `maxSurge` is 0',
      'max-unavailable-zero',
    );
  }
  validateNotMoreThan100Percent(c, maxUnavailable, fp.child('maxUnavailable'));
}

export function validateDaemonSetUpdateStrategy(c: Collector, spec: Rec): void {
  const fp = FieldPath.of('spec', 'updateStrategy');
  const strategy = rec(spec, 'updateStrategy');
  if (strategy === BAD) return;
  const type = str(strategy, 'type');
  const ru = rec(strategy, 'rollingUpdate');
  if (type === BAD || ru === BAD || type === 'OnDelete') return;
  if (type !== undefined && type !== '' && type !== 'RollingUpdate') {
    const value = {
      t: 'ptr',
      type: '*apps.DaemonSetUpdateStrategy',
      to: strategyStruct(
        type,
        'apps.DaemonSetUpdateStrategy',
        'apps.RollingUpdateDaemonSet',
        ru,
        atLeast(c.minor, '1.26') ? ['maxUnavailable', 'maxSurge'] : ['maxUnavailable'],
      ),
    } as const;
    c.notSupported(fp, value, ['RollingUpdate', 'OnDelete'], 'strategy-invalid', {
      at: [...fp.json, 'type'],
    });
    return;
  }
  validateRollingUpdateDaemonSet(c, ru, fp.child('rollingUpdate'));
}

function validateRollingUpdateDaemonSet(c: Collector, ru: Rec | undefined, fp: FieldPath): void {
  const maxUnavailable = rollingValue(ru, 'maxUnavailable', { isStr: false, int: 1 });
  if (maxUnavailable === BAD) return;
  validatePositiveIntOrPercent(c, maxUnavailable, fp.child('maxUnavailable'));
  if (!atLeast(c.minor, '1.26')) {
    // Before maxSurge existed, maxUnavailable alone had to be non-zero.
    if (intOrPercentValue(maxUnavailable) === 0)
      c.invalid(
        fp.child('maxUnavailable'),
        intstrValue(maxUnavailable),
        'cannot be 0',
        'max-unavailable-zero',
      );
    validateNotMoreThan100Percent(c, maxUnavailable, fp.child('maxUnavailable'));
    return;
  }
  const maxSurge = rollingValue(ru, 'maxSurge', { isStr: false, int: 0 });
  if (maxSurge === BAD) return;
  validatePositiveIntOrPercent(c, maxSurge, fp.child('maxSurge'));
  validateNotMoreThan100Percent(c, maxUnavailable, fp.child('maxUnavailable'));
  validateNotMoreThan100Percent(c, maxSurge, fp.child('maxSurge'));
  const hasUnavailable = intOrPercentValue(maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(maxSurge) !== 0;
  if (hasUnavailable && hasSurge) {
    c.invalid(
      fp.child('maxSurge'),
      intstrValue(maxSurge),
      'may not be set when maxUnavailable is non-zero',
      'strategy-invalid',
    );
  } else if (!hasUnavailable && !hasSurge) {
    c.required(
      fp.child('maxUnavailable'),
      'cannot be 0 when maxSurge is 0',
      'max-unavailable-zero',
      { at: ru && get(ru, 'maxUnavailable') !== undefined ? undefined : fp.json, atKey: true },
    );
  }
}

/** The StatefulSet update strategy and pod management policy. */
export function validateStatefulSetStrategy(c: Collector, spec: Rec): void {
  const fp = FieldPath.of('spec');
  const policy = str(spec, 'podManagementPolicy');
  if (policy && policy !== BAD && policy !== 'OrderedReady' && policy !== 'Parallel') {
    c.invalid(
      fp.child('podManagementPolicy'),
      goStr(policy, true),
      "must be 'OrderedReady' or 'Parallel'",
      'unsupported-value',
    );
  }
  const strategy = rec(spec, 'updateStrategy');
  if (strategy === BAD) return;
  const type = str(strategy, 'type');
  const ru = rec(strategy, 'rollingUpdate');
  if (type === BAD || ru === BAD) return;
  const sp = fp.child('updateStrategy');
  if (type === 'OnDelete') {
    if (ru)
      c.invalid(
        sp.child('rollingUpdate'),
        {
          t: 'ptr',
          type: '*apps.RollingUpdateStatefulSetStrategy',
          to: statefulRollingValue(c, ru),
        },
        "only allowed for updateStrategy 'RollingUpdate'",
        'strategy-invalid',
        { atKey: true },
      );
    return;
  }
  if (type && type !== 'RollingUpdate') {
    const rollingUpdate: GoValue = {
      t: 'ptr',
      type: '*apps.RollingUpdateStatefulSetStrategy',
      to: ru ? statefulRollingValue(c, ru) : null,
    };
    const value: GoValue = {
      t: 'struct',
      type: 'apps.StatefulSetUpdateStrategy',
      fields: [
        { name: 'Type', value: goStr(type, true) },
        { name: 'RollingUpdate', value: rollingUpdate },
      ],
    };
    c.invalid(sp, value, "must be 'RollingUpdate' or 'OnDelete'", 'strategy-invalid', {
      at: [...sp.json, 'type'],
    });
    return;
  }
  if (ru || !type) validateRollingUpdateStatefulSet(c, ru ?? {}, sp.child('rollingUpdate'));
}

/**
 * maxUnavailable only exists while the MaxUnavailableStatefulSet feature is on.
 * FIXME: the feature is assumed on by default from 1.35 (beta); confirm against its KEP history.
 */
function statefulMaxUnavailable(c: Collector, ru: Rec): IntOrString | undefined | typeof BAD {
  return atLeast(c.minor, '1.35') ? intOrString(ru, 'maxUnavailable') : undefined;
}

function statefulRollingValue(c: Collector, ru: Rec): GoValue {
  const partition = int(ru, 'partition');
  const fields: GoField[] = [
    { name: 'Partition', value: goInt(typeof partition === 'number' ? partition : 0) },
  ];
  if (atLeast(c.minor, '1.26')) {
    const mu = statefulMaxUnavailable(c, ru);
    const to = mu && mu !== BAD ? intstrValue(mu) : null;
    fields.push({ name: 'MaxUnavailable', value: { t: 'ptr', type: '*intstr.IntOrString', to } });
  }
  return { t: 'struct', type: 'apps.RollingUpdateStatefulSetStrategy', fields };
}

function validateRollingUpdateStatefulSet(c: Collector, ru: Rec, fp: FieldPath): void {
  const partition = int(ru, 'partition');
  if (typeof partition === 'number' && partition < 0) {
    c.invalid(
      fp.child('partition'),
      goInt(partition),
      'must be greater than or equal to 0',
      'negative-value',
    );
  }
  const mu = statefulMaxUnavailable(c, ru) ?? { isStr: false as const, int: 1 };
  if (mu === BAD) return;
  validatePositiveIntOrPercent(c, mu, fp.child('maxUnavailable'));
  if (intOrPercentValue(mu) === 0)
    c.invalid(fp.child('maxUnavailable'), intstrValue(mu), 'cannot be 0', 'max-unavailable-zero');
  validateNotMoreThan100Percent(c, mu, fp.child('maxUnavailable'));
}
