// The ownership-graph page: places the markup the extension drew, moves focus between the
// boxes with the keyboard, and tells the extension which object the user picked.
(function () {
  const vscode = acquireVsCodeApi();
  const graph = document.getElementById('graph');
  const chart = document.getElementById('chart');
  const announce = document.getElementById('announce');

  function boxes() {
    return Array.from(graph.querySelectorAll('g.node'));
  }

  function place(message) {
    const focused = document.activeElement && document.activeElement.getAttribute('data-id');
    graph.innerHTML = message.graph;
    chart.innerHTML = message.chart;
    // Only when the page has the keyboard: a redraw in the background must not take it.
    const again = focused && graph.querySelector(`g.node[data-id="${CSS.escape(focused)}"]`);
    if (again && document.hasFocus()) again.focus();
    announce.textContent = message.summary;
    vscode.setState({ revision: message.revision });
    vscode.postMessage({ type: 'rendered', revision: message.revision, boxes: boxes().length });
  }

  /** The box nearest to `from` in the direction of an arrow key. */
  function neighbour(from, key) {
    const col = Number(from.dataset.column);
    const row = Number(from.dataset.row);
    const all = boxes();
    if (key === 'ArrowUp' || key === 'ArrowDown') {
      const same = all
        .filter((b) => Number(b.dataset.column) === col)
        .sort((a, b) => Number(a.dataset.row) - Number(b.dataset.row));
      const i = same.indexOf(from) + (key === 'ArrowDown' ? 1 : -1);
      return same[i];
    }
    const target = col + (key === 'ArrowRight' ? 1 : -1);
    const inColumn = all.filter((b) => Number(b.dataset.column) === target);
    inColumn.sort(
      (a, b) => Math.abs(Number(a.dataset.row) - row) - Math.abs(Number(b.dataset.row) - row),
    );
    return inColumn[0];
  }

  graph.addEventListener('keydown', (event) => {
    const box = event.target.closest && event.target.closest('g.node');
    if (!box) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      vscode.postMessage({ type: 'select', id: box.dataset.id });
      return;
    }
    if (!/^Arrow(Up|Down|Left|Right)$/.test(event.key)) return;
    const next = neighbour(box, event.key);
    if (next) {
      event.preventDefault();
      next.focus();
    }
  });

  graph.addEventListener('click', (event) => {
    const box = event.target.closest && event.target.closest('g.node');
    if (box) vscode.postMessage({ type: 'select', id: box.dataset.id });
  });

  window.addEventListener('message', (event) => {
    if (event.data && event.data.type === 'update') place(event.data);
  });

  vscode.postMessage({ type: 'ready' });
})();
