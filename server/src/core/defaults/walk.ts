/**
 * Runs defaulting functions over an object by its Go type, as the API server's generated
 * defaulters do: every occurrence of a type with a defaulter gets it, a parent before its
 * children, in field order.
 */
import { goTypes, INT_OR_STRING, QUANTITY, TIME, type GoTypeTable } from '../api/types';
import type { Minor } from '../api/versions';

export type Json = Record<string, unknown>;

export interface DefaultContext {
  minor: Minor;
  table: GoTypeTable;
}

/** Sets defaults on one object of its type, in place. */
export type Defaulter = (obj: Json, ctx: DefaultContext) => void;

const LEAVES = new Set([QUANTITY, INT_OR_STRING, TIME]);

/** Applies `defaulters` to `value`, a JSON value of Go type `typeId`, and to everything in it. */
export function walk(
  typeId: string,
  value: unknown,
  ctx: DefaultContext,
  defaulters: Readonly<Record<string, Defaulter>>,
): void {
  const t = ctx.table.types.get(typeId);
  if (!t || LEAVES.has(typeId)) return;
  if (t.kind === 'ptr') return walk(t.elem!, value, ctx, defaulters);
  if (t.kind === 'slice') {
    if (Array.isArray(value)) for (const e of value) walk(t.elem!, e, ctx, defaulters);
    return;
  }
  if ((t.kind !== 'struct' && t.kind !== 'map') || !isObject(value)) return;

  defaulters[typeId]?.(value, ctx);
  if (t.kind === 'map') {
    for (const v of Object.values(value)) walk(t.elem!, v, ctx, defaulters);
    return;
  }
  for (const f of t.fields ?? []) {
    if (f.json === undefined) continue;
    const member = f.json === '' ? value : value[f.json];
    if (member !== undefined) walk(f.type, member, ctx, defaulters);
  }
}

export function context(minor: Minor): DefaultContext {
  return { minor, table: goTypes(minor) };
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether the minor's struct type declares the JSON member (directly or in an embedded struct). */
export function declares(ctx: DefaultContext, typeId: string, member: string): boolean {
  const t = ctx.table.types.get(typeId);
  for (const f of t?.fields ?? []) {
    if (f.json === member) return true;
    if (f.json === '' && declares(ctx, f.type, member)) return true;
  }
  return false;
}

/** Go's `if x == "" { x = value }` for a string member; absent and null count as "". */
export function defaultString(obj: Json, key: string, value: string): void {
  if (obj[key] === undefined || obj[key] === null || obj[key] === '') obj[key] = value;
}

/** Go's `if x == nil { x = &value }` for a pointer member. */
export function defaultPointer(obj: Json, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

/** Go's `if x == 0 { x = value }` for an integer member. */
export function defaultInt(obj: Json, key: string, value: number): void {
  if (obj[key] === undefined || obj[key] === null || obj[key] === 0) obj[key] = value;
}

/** The member as an object, created (as Go's zero struct) when absent or null. */
export function child(obj: Json, key: string): Json | undefined {
  if (obj[key] === undefined || obj[key] === null) obj[key] = {};
  const v = obj[key];
  return isObject(v) ? v : undefined;
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
