/** The kubectl layer: command lines in, kubectl's exact output and the controllers' steps out. */
export {
  runScenario,
  runCommandLine,
  runKubectl,
  type ScenarioOptions,
  type LineResult,
  type LineKind,
} from './run';
export {
  Invocation,
  type KubectlCluster,
  type KubectlEnv,
  type ScenarioReader,
  type DirEntry,
  type OutputChunk,
} from './types';
export { splitShell, expandWord, type Word, type ShellToken } from './shell';
export { tabwrite, TABLE, DESCRIBE } from './tabwriter';
export { humanDuration, ageSince, rfc1123z } from './duration';
export { printTable, podSummary, formatEndpoints, type TableOptions } from './tables';
export {
  describeDeployment,
  describeReplicaSet,
  describeDaemonSet,
  describePod,
  type DescribeSource,
} from './describe';
export { parseTemplate, executeTemplate, columnCell } from './jsonpath';
export { toYaml } from './goyaml';
export { jsonIndent, jsonCompact, goSprint } from './gofmt';
export { parseOutput, printGeneric } from './output';
export { resolveType, kindPrefix } from './resources';
export { namePrefix } from './apply';
