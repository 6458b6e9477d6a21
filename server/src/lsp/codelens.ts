import type { CodeLens } from 'vscode-languageserver';
import type { ManifestObject } from '../core/api/objects';
import type { LineIndex } from '../core/yaml/lines';
import { Commands } from '../protocol';
import { WORKLOAD_KINDS } from './objects';
import { keyOfManifest, workloadLine, type Skipped, type World } from './plan';

const WORKLOADS: ReadonlySet<string> = new Set([...WORKLOAD_KINDS, 'Pod']);

/**
 * The lenses above each workload: what applying the workspace leaves of it in the simulated
 * cluster, then the actions Preview apply, Apply to simulated cluster and Step.
 */
export function workloadLenses(
  uri: string,
  lines: LineIndex,
  objects: readonly ManifestObject[],
  world: World | Skipped,
): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const object of objects) {
    if (!WORKLOADS.has(object.kind) || !object.name) continue;
    const at = lines.position(object.doc.start);
    const range = { start: at, end: at };
    lenses.push(
      {
        range,
        command: {
          title: 'skipped' in world ? world.skipped : workloadLine(world, object),
          command: Commands.showGraph,
          arguments: [keyOfManifest(object)],
        },
      },
      {
        range,
        command: { title: 'Preview apply', command: Commands.previewApply, arguments: [uri] },
      },
      {
        range,
        command: { title: 'Apply to simulated cluster', command: Commands.apply, arguments: [uri] },
      },
      { range, command: { title: 'Step', command: Commands.step, arguments: [uri] } },
    );
  }
  return lenses;
}
