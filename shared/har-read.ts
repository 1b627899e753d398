// Field readers for HAR import (shared/har-import.ts): the file is untrusted, so every value is type-checked here
// before it becomes part of a task record. Used by both our own entries and the browser's.

import { isFiniteNumber, isObject } from './checks';
import type { BodyPart, TaskRecord } from './task-model';

export const MAX_PARTS = 1000;

export type Json = Record<string, unknown>;
export const optionalString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const optionalNumber = (value: unknown): number | undefined => (isFiniteNumber(value) ? value : undefined);

export function headerMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (!Array.isArray(value)) return map;
  for (const header of value) {
    if (!isObject(header) || typeof header.name !== 'string' || typeof header.value !== 'string') continue;
    // HTTP/2 pseudo-headers (:authority, :path, …) in the browser's HARs were never the app's.
    if (header.name.startsWith(':') || header.name === '__proto__') continue;
    map[header.name] = Object.hasOwn(map, header.name) ? `${map[header.name]}, ${header.value}` : header.value;
  }
  return map;
}

export function paramsToBody(params: unknown[]): BodyPart[] {
  const parts: BodyPart[] = [];
  for (const param of params.slice(0, MAX_PARTS)) {
    if (!isObject(param) || typeof param.name !== 'string') continue;
    if (typeof param.fileName === 'string') {
      const size = isFiniteNumber(param._fileSize) && param._fileSize >= 0 ? param._fileSize : 0;
      parts.push({
        name: param.name,
        file: { name: param.fileName, size, type: optionalString(param.contentType) ?? '' },
      });
    } else {
      parts.push({ name: param.name, value: optionalString(param.value) ?? '' });
    }
  }
  return parts;
}

export function withoutUndefined(record: TaskRecord): TaskRecord {
  for (const key of Object.keys(record) as (keyof TaskRecord)[]) {
    if (record[key] === undefined) delete record[key];
  }
  return record;
}
