/**
 * The shared cases (../shared/cases), end to end through checkFiles, for the problems of the
 * API-server rules and the checks across documents. Other checks' problems are left to their tests.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Minor } from '../../server/src/core/api/versions';
import { checkFiles, type FileResult } from '../../server/src/core/check';
import { CROSS_CODES } from '../../server/src/core/validation/crossdoc';
import { RULE_CODES } from '../../server/src/core/validation/rules';
import { MISMATCH, PERCENT } from './rules.helpers.test';

const CASES = join(__dirname, '..', '..', '..', 'shared', 'cases');
const MINE = new Set([...RULE_CODES, ...CROSS_CODES]);

function check(text: string, minor: Minor): FileResult {
  return checkFiles([{ uri: 'case.yaml', text }], { minor })[0];
}

/** Ours, as `code@line: message`, in file order. */
function ours(
  name: string,
  minor: Minor = '1.35',
): { rows: string[]; text: string; result: FileResult } {
  const text = readFileSync(join(CASES, name), 'utf8');
  const result = check(text, minor);
  const rows = result.problems
    .filter((p) => MINE.has(p.code))
    .sort((a, b) => a.start - b.start)
    .map((p) => `${p.code}@${result.parsed.lines.position(p.start).line + 1}: ${p.message}`);
  return { rows, text, result };
}

function lineOf(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, needle);
  return text.slice(0, at).split('\n').length;
}

describe('shared cases through checkFiles', function () {
  before(function () {
    if (!existsSync(CASES)) {
      console.log(`  note: ${CASES} is absent; the shared cases were skipped`);
      this.skip();
    }
  });

  it('B01: several documents, some empty: nothing from the rules', () => {
    assert.deepEqual(ours('B01-multidoc-empty-docs.yaml').rows, []);
  });

  it('B03: the quoted maxUnavailable, the quoted targetPort, and the unknown port name', () => {
    const { rows, text } = ours('B03-int-or-string-ports.yaml');
    // The header comment quotes the same lines, so look only after it.
    const body = text.indexOf('\napiVersion');
    assert.deepEqual(rows, [
      `strategy-invalid@${lineOf(text, 'maxUnavailable: "1"', body)}: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "1": ${PERCENT}`,
      `service-target-port@${lineOf(text, 'targetPort: "9090"', body)}: spec.ports[1].targetPort: Invalid value: "9090": must contain at least one letter (a-z)`,
      `service-target-port-unknown@${lineOf(text, 'targetPort: admin', body)}: no container port named "admin" in the pods this Service selects (Deployment "demo"); the API server accepts it, but this Service port will have no endpoints`,
    ]);
  });

  it('B03: the quick fix removes the quotes', () => {
    const { result, text } = ours('B03-int-or-string-ports.yaml');
    const p = result.problems.find((x) => x.code === 'service-target-port')!;
    const edit = p.fixes![0].edits[0];
    assert.equal(text.slice(edit.start, edit.end), '"9090"');
    assert.equal(edit.newText, '9090');
  });

  it('B06: duplicate keys: last value wins, so no selector mismatch', () => {
    assert.deepEqual(ours('B06-duplicate-keys.yaml').rows, []);
  });

  for (const minor of ['1.33', '1.34'] as const) {
    it(`B08: documents 1–4 as the API server says (${minor}), document 5 clean`, () => {
      const { rows, text } = ours('B08-selector-template-mismatch.yaml', minor);
      const go = minor === '1.33';
      const labels = (app: string) =>
        go ? `map[string]string{"app":"${app}"}` : `{"app":"${app}"}`;
      const empty = go
        ? 'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}'
        : '{}';
      const chunks = text.split('\n---\n');
      const docStart = (n: number) =>
        n === 1 ? 0 : chunks.slice(0, n - 1).join('\n---\n').length + 5;
      const labelsLine = (n: number) =>
        lineOf(text, 'labels:', text.indexOf('template:', docStart(n)));
      assert.deepEqual(rows, [
        `selector-required@${lineOf(text, 'spec:', docStart(1))}: spec.selector: Required value`,
        `selector-mismatch@${labelsLine(1)}: spec.template.metadata.labels: Invalid value: ${labels('api')}: ${MISMATCH}`,
        `selector-mismatch@${labelsLine(2)}: spec.template.metadata.labels: Invalid value: ${labels('agent')}: ${MISMATCH}`,
        `selector-mismatch@${labelsLine(3)}: spec.template.metadata.labels: Invalid value: ${labels('db')}: ${MISMATCH}`,
        `selector-empty@${lineOf(text, 'selector: {}')}: spec.selector: Invalid value: ${empty}: empty selector is invalid for deployment`,
      ]);
    });
  }

  it('B08: each mismatch offers a fix that copies the selector labels (where values are known)', () => {
    const { result } = ours('B08-selector-template-mismatch.yaml');
    const titles = result.problems
      .filter((p) => p.code === 'selector-mismatch')
      .map((p) => p.fixes?.[0]?.title);
    assert.deepEqual(titles, [
      "Add a selector matching the pod template's labels",
      "Add the selector's labels to the pod template",
      undefined,
    ]);
  });

  for (const minor of ['1.33', '1.35'] as const) {
    it(`B09: the second definition is a duplicate and changes an immutable selector (${minor})`, () => {
      const { rows, text } = ours('B09-immutable-selector.yaml', minor);
      const second = text.indexOf('---\napiVersion');
      const value =
        minor === '1.33'
          ? 'v1.LabelSelector{MatchLabels:map[string]string{"app":"demo", "tier":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}'
          : '{"matchLabels":{"app":"demo","tier":"web"}}';
      assert.deepEqual(rows, [
        `duplicate-object@${lineOf(text, 'name: demo', second)}: Deployment "demo" (namespace default) is already defined at line ${lineOf(text, 'name: demo')}; on apply this later definition replaces the earlier one`,
        `selector-immutable@${lineOf(text, 'selector:', second)}: spec.selector: Invalid value: ${value}: field is immutable`,
      ]);
    });
  }

  it('B09: the second definition on its own is valid', () => {
    const text = readFileSync(join(CASES, 'B09-immutable-selector.yaml'), 'utf8');
    const second = text.slice(text.indexOf('---\napiVersion') + 4);
    assert.deepEqual(
      check(second, '1.35').problems.filter((p) => MINE.has(p.code)),
      [],
    );
  });

  it('B14: the zero strategy is the only error; the single replica gets the downtime warning', () => {
    const { rows, text } = ours('B14-rolling-update-rounding.yaml');
    const single = text.indexOf('name: single');
    assert.deepEqual(rows, [
      `max-unavailable-zero@${lineOf(text, 'maxUnavailable: 0')}: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when \`maxSurge\` is 0`,
      `rollout-downtime@${lineOf(text, 'maxUnavailable: 25%', single)}: maxSurge 0 and maxUnavailable 25% both resolve to 0 for 1 replica, so the deployment controller allows 1 unavailable pod instead: every rollout deletes the only pod before its replacement is ready (downtime)`,
    ]);
  });

  it('B14: older servers print the zero as an IntOrString struct', () => {
    const { rows } = ours('B14-rolling-update-rounding.yaml', '1.33');
    assert.match(
      rows[0],
      /Invalid value: intstr\.IntOrString\{Type:0, IntVal:0, StrVal:""\}: may not be 0 when `maxSurge` is 0$/,
    );
  });
});
