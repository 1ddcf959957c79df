/**
 * The vocabulary the style is written in: draw primitives whose values are either constants or
 * lookups by a feature property. It is deliberately small (fills, lines, circles, text) so that
 * the same rules can be turned into MapLibre layers for the screen, resolved per feature for the
 * PDF, and sampled for the legend — one definition, three readers, no disagreement.
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { Lang } from '../i18n/lang.ts';

export type { Lang };

/** A value chosen by a feature property, falling back to `default` (which may itself be a lookup). */
export interface ByProp<T> {
  by: string;
  values: Record<string, Value<T>>;
  default: Value<T>;
}
export type Value<T> = T | ByProp<T>;

/** Keep a primitive only for features whose property is one of the listed values. */
export interface Only {
  prop: string;
  in: readonly (string | number | boolean)[];
}

interface Base {
  /** Suffix of the MapLibre layer id: `<layerId>-<part>`. */
  part: string;
  only?: Only;
  /** Smallest map zoom at which the primitive is drawn (labels of dense layers). */
  minzoom?: number;
}

export interface FillRule extends Base {
  type: 'fill';
  color: Value<string>;
  opacity: Value<number>;
}

export interface LineRule extends Base {
  type: 'line';
  color: Value<string>;
  width: Value<number>;
  /** Dash and gap lengths in line widths, as MapLibre's line-dasharray. */
  dash?: number[];
}

export interface CircleRule extends Base {
  type: 'circle';
  radius: Value<number>;
  color: Value<string>;
  opacity: Value<number>;
  strokeColor: Value<string>;
  strokeWidth: Value<number>;
}

export interface TextRule extends Base {
  type: 'text';
  /** The property to print, or a lookup that turns a coded value into words. */
  field: { prop: string } | ByProp<string>;
  size: number;
  color: string;
  haloColor: string;
  haloWidth: number;
  bold?: boolean;
  /** Offset below the point in ems, for labels beside a symbol. */
  offsetY?: number;
}

export type Rule = FillRule | LineRule | CircleRule | TextRule;

type Props = Record<string, unknown>;

/** The value a rule property takes for one feature. */
export function resolve<T>(v: Value<T>, props: Props): T {
  if (v !== null && typeof v === 'object' && 'by' in (v as object) && 'values' in (v as object)) {
    const b = v as ByProp<T>;
    const key = props[b.by];
    if (key !== undefined && key !== null && Object.hasOwn(b.values, String(key))) return resolve(b.values[String(key)], props);
    return resolve(b.default, props);
  }
  return v as T;
}

/** Whether a rule draws a feature with these properties. */
export function applies(rule: Rule, props: Props): boolean {
  return !rule.only || rule.only.in.includes(props[rule.only.prop] as string);
}

/** The MapLibre expression for a rule value: a constant, or nested `match` on the property. */
export function toExpression<T>(v: Value<T>): T | ExpressionSpecification {
  if (v !== null && typeof v === 'object' && 'by' in (v as object) && 'values' in (v as object)) {
    const b = v as ByProp<T>;
    const arms: unknown[] = [];
    for (const [k, val] of Object.entries(b.values)) arms.push(k, toExpression(val));
    // `to-string` so that numeric codes (incident severity) match the string keys of the table.
    return ['match', ['to-string', ['get', b.by]], ...arms, toExpression(b.default)] as unknown as ExpressionSpecification;
  }
  return v as T;
}
