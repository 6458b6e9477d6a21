import { strict as assert } from 'node:assert';
import {
  formatLabels,
  formatLabelSelector,
  formatSelector,
  fromLabelSelector,
  fromMapSelector,
  matches,
  parseSelector,
} from '../../server/src/core/api/selectors';

function parsed(text: string) {
  const r = parseSelector(text);
  assert.ok(r.ok, `expected ${text} to parse`);
  return r.selector;
}

describe('selectors', () => {
  const cases: Array<[string, Record<string, string>, boolean]> = [
    ['app=web', { app: 'web' }, true],
    ['app=web', { app: 'api' }, false],
    ['app==web', { app: 'web' }, true],
    ['app!=web', {}, true],
    ['app!=web', { app: 'web' }, false],
    ['env in (a,b)', { env: 'b' }, true],
    ['env in (a,b)', { env: 'c' }, false],
    ['env notin (a,b)', {}, true],
    ['env notin (a,b)', { env: 'a' }, false],
    ['tier', { tier: '' }, true],
    ['!tier', { tier: 'x' }, false],
    ['!tier', {}, true],
    ['app=web,tier!=db,!gone', { app: 'web', tier: 'fe' }, true],
    ['app=web,tier!=db,!gone', { app: 'web', tier: 'fe', gone: '1' }, false],
    ['', { anything: 'x' }, true],
  ];
  for (const [text, labels, want] of cases) {
    it(`${JSON.stringify(text)} ${want ? 'matches' : 'does not match'} ${JSON.stringify(labels)}`, () => {
      assert.equal(matches(parsed(text), labels), want);
    });
  }

  it('rejects what labels.Parse rejects', () => {
    for (const bad of ['app in a', 'app=web,', '!', 'a b', 'x>1']) {
      const r = parseSelector(bad);
      assert.equal(r.ok, false, bad);
    }
  });

  it('treats a nil LabelSelector as nothing and {} as everything', () => {
    assert.equal(matches(fromLabelSelector(undefined), { a: 'b' }), false);
    assert.equal(matches(fromLabelSelector({}), { a: 'b' }), true);
    assert.equal(fromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Foo' }] }), null);
  });

  it('combines matchLabels and matchExpressions', () => {
    const sel = fromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }],
    });
    assert.equal(matches(sel, { app: 'web', tier: 'be' }), true);
    assert.equal(matches(sel, { app: 'web', tier: 'db' }), false);
    assert.equal(matches(fromMapSelector({ app: 'web' }), { app: 'web', x: 'y' }), true);
  });

  it('prints selectors and labels as kubectl does', () => {
    assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
    assert.equal(formatLabels({}), '<none>');
    assert.equal(
      formatSelector(parsed('tier notin (b,a),app=web,!x,y')),
      'app=web,tier notin (a,b),!x,y',
    );
    assert.equal(
      formatLabelSelector({ matchLabels: { app: 'pi-web', 'pod-template-hash': '5d59d67564' } }),
      'app=pi-web,pod-template-hash=5d59d67564',
    );
  });
});
