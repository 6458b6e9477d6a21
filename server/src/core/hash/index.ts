/** Hashes and names the controllers compute from pod templates, per Kubernetes minor. */
export { compareUtf8, fnv32, fnv32a, Fnv32, safeEncodeString } from './fnv';
export {
  controllerRevisionName,
  daemonSetRevision,
  hashControllerRevision,
  replicaSetNameFor,
  statefulSetRevision,
  templatePatch,
  type RevisionIdentity,
} from './revision';
export { deepHashText, POD_TEMPLATE_SPEC } from './spew';
export { podTemplateHash, podTemplateSum32 } from './template-hash';
