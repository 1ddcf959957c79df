/**
 * The attribute form of a layer, read from the shared contract (core/layers.ts): one field per
 * property, its input kind, choices, whether it is required and its default. Values typed into
 * the form are turned back into properties and checked by the same `parseProps` the server
 * runs, so the form shows the server's own rules before anything is sent.
 */
import type { z } from 'zod';
import { LAYERS, isoDate, isoTimestamp, parseProps, type LayerId } from '../../../../core/layers.ts';
import { hanoiDay, hanoiTimestamp } from '../../../../core/time/hanoi-day.ts';

export type FieldKind = 'enum' | 'int' | 'date' | 'timestamp' | 'text' | 'longtext';

export interface Field {
  key: string;
  kind: FieldKind;
  options?: readonly string[];
  required: boolean;
  defaultValue?: unknown;
  max?: number;
}

type Def = { type: string; innerType?: z.ZodType; defaultValue?: unknown };
const defOf = (s: z.ZodType) => (s as unknown as { def: Def }).def;

function describe(key: string, schema: z.ZodType): Field {
  let s = schema;
  let required = true;
  let defaultValue: unknown;
  for (let d = defOf(s); d.type === 'optional' || d.type === 'nullable' || d.type === 'default'; d = defOf(s)) {
    if (d.type === 'default') defaultValue = typeof d.defaultValue === 'function' ? (d.defaultValue as () => unknown)() : d.defaultValue;
    else required = false;
    s = d.innerType!;
  }
  const info = s as unknown as { options?: string[]; maxLength?: number | null; maxValue?: number };
  const type = defOf(s).type;
  const kind: FieldKind =
    type === 'enum' ? 'enum' : type === 'number' ? 'int' : s === isoDate ? 'date' : s === isoTimestamp ? 'timestamp' : (info.maxLength ?? 0) >= 500 ? 'longtext' : 'text';
  return { key, kind, options: info.options, required: required && defaultValue === undefined, defaultValue, max: info.maxLength ?? info.maxValue ?? undefined };
}

export function fieldsOf(layer: LayerId): Field[] {
  return Object.entries(LAYERS[layer].props.shape).map(([k, s]) => describe(k, s as z.ZodType));
}

export type FormValues = Record<string, string>;

/** A feature's properties as strings for the inputs (missing → ""). */
export function toFormValues(layer: LayerId, props: Record<string, unknown>): FormValues {
  return Object.fromEntries(fieldsOf(layer).map((f) => [f.key, props[f.key] === null || props[f.key] === undefined ? '' : String(props[f.key])]));
}

/** Starting values for a new feature: the contract's defaults, the first choice of a required list, today (in Hanoi) for a required date. */
export function newFormValues(layer: LayerId, now = new Date()): FormValues {
  const today = hanoiDay(now.toISOString())!;
  const out: FormValues = {};
  for (const f of fieldsOf(layer)) {
    if (f.defaultValue !== undefined) out[f.key] = String(f.defaultValue);
    else if (f.required && f.kind === 'enum') out[f.key] = f.options?.[0] ?? '';
    else if (f.required && f.kind === 'date') out[f.key] = today;
    else if (f.required && f.kind === 'int' && f.key === 'severity') out[f.key] = '1';
    else if (f.required && f.kind === 'timestamp') out[f.key] = hanoiTimestamp(now);
    else out[f.key] = '';
  }
  return out;
}

/**
 * Inputs → properties. An empty optional field is left out; a number that does not parse is
 * passed on as typed, so the contract names the problem rather than the form guessing.
 */
export function fromFormValues(layer: LayerId, values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fieldsOf(layer)) {
    const raw = (values[f.key] ?? '').trim();
    if (raw === '') {
      if (f.required) out[f.key] = f.kind === 'int' ? undefined : '';
      continue;
    }
    out[f.key] = f.kind === 'int' && /^-?\d+(\.\d+)?$/.test(raw.replace(/[\s.,](?=\d{3}\b)/g, '')) ? Number(raw.replace(/[\s.,](?=\d{3}\b)/g, '')) : raw;
  }
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

export type Checked = { ok: true; properties: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/** Check the form against the contract; errors keyed by property name. */
export function checkForm(layer: LayerId, values: FormValues): Checked {
  const props = fromFormValues(layer, values);
  const r = parseProps(layer, props);
  if (r.ok) return { ok: true, properties: r.value };
  return { ok: false, errors: issuesByField(r.issues) };
}

/** Issues (from parseProps or a server's 400 problem) keyed by the property they name. */
export function issuesByField(issues: readonly { path: string; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const i of issues) {
    const key = i.path.replace(/^properties\.?/, '') || '_';
    errors[key] = errors[key] ? `${errors[key]}; ${i.message}` : i.message;
  }
  return errors;
}
