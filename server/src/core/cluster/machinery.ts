/**
 * The API machinery the simulated server borrows from the rest of Kubeplan: defaulting,
 * validation and the controllers' template hashes. A failure inside one of them is contained
 * here, so user input never makes the cluster throw.
 */
import type { Minor } from '../api/versions';
import type { FieldError, KubeObject } from './api';
import { applyDefaults } from '../defaults';
import { validateObject } from '../validation/rules';
import { hashControllerRevision, podTemplateHash, templatePatch } from '../hash';
import { deepClone } from './objects';

export interface Machinery {
  /** A defaulted deep copy of `obj`. */
  defaults(obj: KubeObject): KubeObject;
  /** The API server's field errors for a create (`old` undefined) or an update. */
  validate(obj: KubeObject, old?: KubeObject): FieldError[];
  /** The pod-template-hash (also the DaemonSet revision hash) of a defaulted template. */
  templateHash(template: unknown, collisionCount?: number): string;
  /** A ControllerRevision's data: `{"spec":{"template":{…,"$patch":"replace"}}}`. */
  revisionData(template: unknown): string;
  /** The StatefulSet revision hash (FNV-1 of the data, then the collision count). */
  revisionHash(data: string, collisionCount: number): string;
}

export function realMachinery(minor: Minor): Machinery {
  return {
    defaults(obj) {
      try {
        return applyDefaults(obj, minor) as KubeObject;
      } catch {
        return deepClone(obj);
      }
    },
    validate(obj, old) {
      try {
        return validateObject(obj, minor, old);
      } catch (err) {
        return [{ path: [], text: `Internal error: validation failed: ${String(err)}` }];
      }
    },
    templateHash(template, collisionCount) {
      return podTemplateHash(template, minor, collisionCount);
    },
    revisionData(template) {
      return templatePatch(template, minor);
    },
    revisionHash(data, collisionCount) {
      return hashControllerRevision(data, collisionCount);
    },
  };
}
