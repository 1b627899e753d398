// Field readers for HAR import (shared/har-import.ts): the HAR's own layout (header lists, multipart params) mapped
// to a record's. What they give is read again, like the rest of the record, by shared/task-read.ts.

import { isFiniteNumber, isObject } from './checks';
import type { BodyPart } from './task-model';
import { MAX_PARTS } from './task-read';

export type Json = Record<string, unknown>;
const optionalString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

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
