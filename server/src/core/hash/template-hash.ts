/**
 * The pod-template hash (controller.ComputeHash): names ReplicaSets, DaemonSet
 * ControllerRevisions and the `pod-template-hash` / `controller-revision-hash` labels.
 */
import type { Minor } from '../api/versions';
import { Fnv1aSink, safeEncodeString } from './fnv';
import { printTemplate } from './spew';

// One hash state for every call: printing never re-enters hashing.
const sink = new Fnv1aSink();

/**
 * FNV-1a of the template's deep-hash text, then, when a collision count is given, its 4
 * little-endian bytes and 4 zero bytes (Go allocates 8 bytes and fills 4). Returns Sum32.
 */
export function podTemplateSum32(template: unknown, minor: Minor, collisionCount?: number): number {
  sink.reset();
  printTemplate(template, minor, sink);
  if (collisionCount !== undefined) sink.bytes(collisionBytes(collisionCount));
  return sink.sum32();
}

/**
 * The hash of a defaulted pod template for the given minor: up to 10 characters from
 * `4-9bcdf` (the decimal Sum32, safe-encoded, never padded). `collisionCount` undefined is Go's
 * nil, which hashes differently from 0.
 */
export function podTemplateHash(template: unknown, minor: Minor, collisionCount?: number): string {
  return safeEncodeString(String(podTemplateSum32(template, minor, collisionCount)));
}

function collisionBytes(count: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setUint32(0, count >>> 0, true);
  return bytes;
}
