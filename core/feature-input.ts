/**
 * Checks a feature sent by a client or read from a file against a layer's contract:
 * a GeoJSON Feature whose properties and geometry are valid. Shared by the API, the
 * importer and the client's forms, so every door applies the same rules.
 */
import type { Geometry } from 'geojson';
import { LAYERS, parseProps, type Issue, type LayerId, type ValidProps } from './layers.ts';
import { validateGeometry } from './geometry/validate.ts';

export interface FeatureInput {
  properties: ValidProps;
  geometry: Geometry;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export function parseFeatureInput(layer: LayerId, body: unknown): Checked<FeatureInput> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, issues: [{ path: '', message: 'must be a GeoJSON Feature object' }] };
  const f = body as Record<string, unknown>;
  if (f.type !== 'Feature') return { ok: false, issues: [{ path: 'type', message: 'must be "Feature"' }] };
  const issues: Issue[] = [];
  const props = parseProps(layer, f.properties ?? {});
  if (!props.ok) issues.push(...props.issues);
  issues.push(...validateGeometry(f.geometry, LAYERS[layer].geometryTypes));
  if (issues.length || !props.ok) return { ok: false, issues };
  return { ok: true, value: { properties: props.value, geometry: f.geometry as Geometry } };
}

/**
 * JSON Merge Patch (RFC 7396) of properties: a key set to null is removed, others replace.
 * Used by PATCH so a client sends only what changed.
 */
export function mergeProperties(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}
