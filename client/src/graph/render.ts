/**
 * Draws the ownership graph and the rollout chart as SVG markup. Pure: data in, text out, so it
 * runs under plain mocha; the webview only places the markup and handles the keyboard.
 */
import type { GraphNode, GraphResult, RolloutChart } from '../../../server/src/protocol';

const BOX_W = 184;
const BOX_H = 44;
const COL_GAP = 44;
const ROW_GAP = 14;
const TOP = 34;
const LEFT = 8;
const COLUMNS = ['Workloads', 'ReplicaSets', 'Pods', 'Nodes'];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function boxX(column: number): number {
  return LEFT + column * (BOX_W + COL_GAP);
}

function boxY(row: number): number {
  return TOP + row * (BOX_H + ROW_GAP);
}

function statusClass(status: string): string {
  if (/^(Running|Ready)\b/.test(status) || /^(\d+)\/\1 /.test(status)) return 'ok';
  if (/Pending|Terminating|ContainerCreating|waiting/i.test(status)) return 'waiting';
  if (/Failed|Error|NotReady|cordoned|0 pods/i.test(status)) return 'bad';
  return 'neutral';
}

/** The ownership graph: one box per object, one column per level, an arrow per relation. */
export function renderGraph(graph: Pick<GraphResult, 'nodes' | 'edges'>): string {
  if (graph.nodes.length === 0) {
    return '<p class="empty" role="status">The simulated cluster holds no workloads yet.</p>';
  }
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const rows = Math.max(...graph.nodes.map((n) => n.row)) + 1;
  const width = boxX(COLUMNS.length - 1) + BOX_W + LEFT;
  const height = boxY(rows) + 8;
  const parts: string[] = [];
  parts.push(
    `<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"` +
      ` viewBox="0 0 ${width} ${height}" role="group" aria-label="Ownership graph">`,
  );
  parts.push('<defs><marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8"');
  parts.push(
    ' markerHeight="8" orient="auto"><path d="M0,0 L8,4 L0,8 z" class="arrowhead"/></marker></defs>',
  );
  COLUMNS.forEach((title, c) => {
    parts.push(
      `<text class="column-title" x="${boxX(c)}" y="18" aria-hidden="true">${title}</text>`,
    );
  });
  for (const edge of graph.edges) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from || !to) continue;
    const x1 = boxX(from.column) + BOX_W;
    const y1 = boxY(from.row) + BOX_H / 2;
    const x2 = boxX(to.column);
    const y2 = boxY(to.row) + BOX_H / 2;
    const mid = (x1 + x2) / 2;
    const cls = edge.relation === 'owns' ? 'edge owns' : 'edge runs-on';
    parts.push(
      `<path class="${cls}" d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}"` +
        ' marker-end="url(#arrow)" aria-hidden="true"/>',
    );
  }
  for (const node of graph.nodes) parts.push(renderBox(node, graph));
  parts.push('</svg>');
  return parts.join('');
}

function renderBox(node: GraphNode, graph: Pick<GraphResult, 'edges'>): string {
  const x = boxX(node.column);
  const y = boxY(node.row);
  const owners = graph.edges.filter((e) => e.to === node.id && e.relation === 'owns').length;
  const host = graph.edges.find((e) => e.from === node.id && e.relation === 'runs on');
  const hostName = host ? host.to.replace(/^Node\//, '') : undefined;
  const label =
    `${node.kind} ${node.name}, ${node.status}` +
    (hostName ? `, on node ${hostName}` : '') +
    (owners === 0 && node.kind !== 'Node' && node.column > 0 ? ', no owner' : '');
  return (
    `<g class="node kind-${node.kind.toLowerCase()} status-${statusClass(node.status)}" role="button"` +
    ` tabindex="0" data-id="${escapeXml(node.id)}" data-column="${node.column}" data-row="${node.row}"` +
    ` aria-label="${escapeXml(label)}">` +
    `<rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="4"/>` +
    `<text class="kind" x="${x + 8}" y="${y + 15}">${escapeXml(node.kind)}</text>` +
    `<text class="status" x="${x + BOX_W - 8}" y="${y + 15}" text-anchor="end">` +
    `${escapeXml(clip(node.status, 16))}</text>` +
    `<text class="name" x="${x + 8}" y="${y + 34}">${escapeXml(clip(node.name, 28))}</text>` +
    '</g>'
  );
}

const CHART_W = 640;
const CHART_H = 220;
const PAD_L = 40;
const PAD_B = 30;
const PAD_T = 12;
const PAD_R = 12;

/** Pods of each ReplicaSet after each step, as lines; a hidden table says the same in words. */
export function renderRolloutChart(chart: RolloutChart): string {
  if (chart.steps.length === 0 || chart.series.length === 0) {
    return '<p class="empty" role="status">No rollout yet: apply a Deployment to see its ReplicaSets scale.</p>';
  }
  const max = Math.max(1, ...chart.series.flatMap((s) => s.values));
  const n = chart.steps.length;
  const plotW = CHART_W - PAD_L - PAD_R;
  const plotH = CHART_H - PAD_T - PAD_B;
  const x = (i: number) => PAD_L + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => PAD_T + plotH - (v * plotH) / max;
  const names = chart.series.map((s) => s.name).join(', ');
  const parts: string[] = [];
  parts.push(
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${CHART_W}" height="${CHART_H}"` +
      ` viewBox="0 0 ${CHART_W} ${CHART_H}" role="img" aria-labelledby="chart-title chart-desc">`,
  );
  parts.push('<title id="chart-title">Pods per ReplicaSet after each step</title>');
  parts.push(
    `<desc id="chart-desc">${escapeXml(`${chart.series.length} ReplicaSets (${names}) over ${n} steps${taken(chart, n)}.`)}</desc>`,
  );
  for (let v = 0; v <= max; v += Math.max(1, Math.ceil(max / 5))) {
    parts.push(
      `<line class="grid" x1="${PAD_L}" x2="${CHART_W - PAD_R}" y1="${y(v)}" y2="${y(v)}"/>`,
    );
    parts.push(`<text class="axis" x="${PAD_L - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`);
  }
  const every = Math.max(1, Math.ceil(n / 12));
  chart.steps.forEach((seq, i) => {
    if (i % every !== 0 && i !== n - 1) return;
    parts.push(
      `<text class="axis" x="${x(i)}" y="${CHART_H - 10}" text-anchor="middle">${seq}</text>`,
    );
  });
  if (chart.taken !== undefined && chart.taken < n) {
    const at = chart.taken === 0 ? PAD_L : x(chart.taken - 1);
    parts.push(`<line class="cursor" x1="${at}" x2="${at}" y1="${PAD_T}" y2="${PAD_T + plotH}"/>`);
    parts.push(`<text class="axis" x="${at + 4}" y="${PAD_T + plotH - 4}">now</text>`);
  }
  chart.series.forEach((s, k) => {
    const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(`<polyline class="series series-${k % 6}" points="${points}"/>`);
    if (n <= 40) {
      s.values.forEach((v, i) =>
        parts.push(
          `<circle class="point series-${k % 6}" cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5"/>`,
        ),
      );
    }
    const last = s.values.length - 1;
    parts.push(
      `<text class="legend series-${k % 6}" x="${PAD_L + 8}" y="${PAD_T + 14 + k * 14}">` +
        `${escapeXml(`${s.name}: ${s.values[last] ?? 0}`)}</text>`,
    );
  });
  parts.push('</svg>');
  parts.push(renderChartTable(chart));
  return parts.join('');
}

function taken(chart: RolloutChart, n: number): string {
  return chart.taken !== undefined && chart.taken < n
    ? `; the cluster has taken ${chart.taken} of them`
    : '';
}

function renderChartTable(chart: RolloutChart): string {
  const head = chart.series.map((s) => `<th scope="col">${escapeXml(s.name)}</th>`).join('');
  const body = chart.steps
    .map((seq, i) => {
      const cells = chart.series.map((s) => `<td>${s.values[i] ?? 0}</td>`).join('');
      return `<tr><th scope="row">${seq}</th>${cells}</tr>`;
    })
    .join('');
  return (
    '<table class="visually-hidden"><caption>Pods per ReplicaSet (kubectl get rs CURRENT) after each step</caption>' +
    `<thead><tr><th scope="col">Step</th>${head}</tr></thead><tbody>${body}</tbody></table>`
  );
}
