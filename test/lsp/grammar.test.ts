import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A grammar snapshot: every line of a sample plan tokenized with the kubeplan-plan grammar,
 * written as `text => scopes`. Set UPDATE_SNAPSHOTS=1 to rewrite the snapshot after an
 * intended change, then review its diff.
 */

interface Rule {
  match?: string;
  name?: string;
  captures?: Record<string, { name: string }>;
  include?: string;
  patterns?: Rule[];
}

interface Grammar extends Rule {
  scopeName: string;
  repository: Record<string, Rule>;
}

const ROOT = path.join(__dirname, '../..');
const grammar = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'syntaxes/kubeplan-plan.tmLanguage.json'), 'utf8'),
) as Grammar;

/** The `match` rules reachable from the top, in the order TextMate tries them. */
function flatten(rules: Rule[]): Rule[] {
  return rules.flatMap((r) => {
    if (r.include) return flatten([grammar.repository[r.include.slice(1)]]);
    if (r.patterns) return flatten(r.patterns);
    return [r];
  });
}

/**
 * Tokenizes one line as TextMate does for single-line `match` rules: at each position the rule
 * whose match starts first wins (the earlier rule on a tie); captures split the match.
 */
function tokenize(line: string, rules: Rule[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const base = grammar.scopeName;
  let pos = 0;
  while (pos < line.length) {
    let best: { rule: Rule; m: RegExpExecArray } | undefined;
    for (const rule of rules) {
      const re = new RegExp(rule.match!, 'dg');
      re.lastIndex = pos;
      const m = re.exec(line);
      if (m && m[0].length > 0 && (!best || m.index < best.m.index)) best = { rule, m };
    }
    if (!best) {
      out.push([line.slice(pos), base]);
      break;
    }
    const { rule, m } = best;
    if (m.index > pos) out.push([line.slice(pos, m.index), base]);
    const outer = rule.name ? `${base} ${rule.name}` : base;
    let at = m.index;
    const indices = m.indices!;
    for (let g = 1; g < m.length; g++) {
      const span = indices[g];
      const scope = rule.captures?.[String(g)]?.name;
      if (!span || !scope || span[0] === span[1]) continue;
      if (span[0] > at) out.push([line.slice(at, span[0]), outer]);
      out.push([line.slice(span[0], span[1]), `${outer} ${scope}`]);
      at = span[1];
    }
    const end = m.index + m[0].length;
    if (end > at) out.push([line.slice(at, end), outer]);
    pos = end;
  }
  return out;
}

describe('the kubeplan-plan grammar', () => {
  it('tokenizes a plan as in its snapshot', () => {
    const sample = path.join(__dirname, 'grammar/sample.plan');
    const snapshot = `${sample}.snap`;
    const rules = flatten(grammar.patterns ?? []);
    const lines = fs.readFileSync(sample, 'utf8').replace(/\n$/, '').split('\n');
    const actual = lines
      .map((line) =>
        tokenize(line, rules).map(([text, scope]) => `${JSON.stringify(text)} => ${scope}`),
      )
      .map((tokens, i) => [`# ${i + 1}`, ...tokens].join('\n'))
      .join('\n');
    if (process.env.UPDATE_SNAPSHOTS === '1') fs.writeFileSync(snapshot, `${actual}\n`);
    assert.equal(actual, fs.readFileSync(snapshot, 'utf8').replace(/\n$/, ''));
  });

  it('gives every rule a scope ending in the language name', () => {
    for (const rule of flatten(grammar.patterns ?? [])) {
      for (const c of Object.values(rule.captures ?? {})) assert.match(c.name, /\.kubeplan-plan$/);
    }
  });
});
