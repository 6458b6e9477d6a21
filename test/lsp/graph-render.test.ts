import { strict as assert } from 'node:assert';
import { escapeXml, renderGraph, renderRolloutChart } from '../../client/src/graph/render';

describe('the ownership graph drawing', () => {
  const graph = {
    nodes: [
      {
        id: 'Deployment/pi-web',
        kind: 'Deployment',
        name: 'pi-web',
        column: 0,
        row: 0,
        status: '2/2 ready',
      },
      {
        id: 'ReplicaSet/pi-web-1',
        kind: 'ReplicaSet',
        name: 'pi-web-1',
        column: 1,
        row: 0,
        status: '1/1',
      },
      {
        id: 'Pod/pi-web-1-a',
        kind: 'Pod',
        name: 'pi-web-1-a',
        column: 2,
        row: 0,
        status: 'Running 1/1',
      },
      { id: 'Node/node-1', kind: 'Node', name: 'node-1', column: 3, row: 0, status: 'Ready' },
    ],
    edges: [
      { from: 'Deployment/pi-web', to: 'ReplicaSet/pi-web-1', relation: 'owns' as const },
      { from: 'ReplicaSet/pi-web-1', to: 'Pod/pi-web-1-a', relation: 'owns' as const },
      { from: 'Pod/pi-web-1-a', to: 'Node/node-1', relation: 'runs on' as const },
    ],
  };

  it('makes every box a focusable button with a spoken label', () => {
    const svg = renderGraph(graph);
    const labels = [
      ...svg.matchAll(
        /<g class="node [^"]*" role="button" tabindex="0" [^>]*aria-label="([^"]*)"/g,
      ),
    ].map((m) => m[1]);
    assert.deepEqual(labels, [
      'Deployment pi-web, 2/2 ready',
      'ReplicaSet pi-web-1, 1/1',
      'Pod pi-web-1-a, Running 1/1, on node node-1',
      'Node node-1, Ready',
    ]);
    assert.match(svg, /^<svg class="graph" [^>]*role="group" aria-label="Ownership graph">/);
    assert.equal((svg.match(/<path class="edge owns"/g) ?? []).length, 2);
    assert.equal((svg.match(/<path class="edge runs-on"/g) ?? []).length, 1);
  });

  it('says a pod has no owner, and escapes names', () => {
    const svg = renderGraph({
      nodes: [{ id: 'Pod/x', kind: 'Pod', name: 'a<b>&"c"', column: 2, row: 0, status: 'Pending' }],
      edges: [],
    });
    assert.match(svg, /aria-label="Pod a&#60;b&#62;&#38;&#34;c&#34;, Pending, no owner"/);
    assert.equal(escapeXml(`<'&">`), '&#60;&#39;&#38;&#34;&#62;');
  });

  it('draws the rollout chart with a table that says the same', () => {
    const html = renderRolloutChart({
      steps: [1, 2, 5],
      series: [{ name: 'pi-web-1', values: [0, 2, 2] }],
    });
    assert.match(html, /role="img" aria-labelledby="chart-title chart-desc"/);
    assert.match(html, /<desc id="chart-desc">1 ReplicaSets \(pi-web-1\) over 3 steps\.<\/desc>/);
    assert.match(
      html,
      /<polyline class="series series-0" points="40\.0,190\.0 334\.0,12\.0 628\.0,12\.0"\/>/,
    );
    assert.match(html, /<tr><th scope="row">5<\/th><td>2<\/td><\/tr>/);
  });

  it('marks how far the cluster has stepped', () => {
    const html = renderRolloutChart({
      steps: [1, 2, 5],
      taken: 2,
      series: [{ name: 'pi-web-1', values: [0, 2, 2] }],
    });
    assert.match(html, /<line class="cursor" x1="334" x2="334" y1="12" y2="190"\/>/);
    assert.match(html, /over 3 steps; the cluster has taken 2 of them\.<\/desc>/);
  });

  it('says when there is nothing to draw', () => {
    assert.equal(
      renderGraph({ nodes: [], edges: [] }),
      '<p class="empty" role="status">The simulated cluster holds no workloads yet.</p>',
    );
    assert.match(
      renderRolloutChart({ steps: [], series: [] }),
      /^<p class="empty" role="status">No rollout yet/,
    );
  });
});
