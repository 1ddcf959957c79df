/**
 * The cartography of the six layers, as data. Everything that decides how a feature looks is
 * here; `layers.ts` turns it into MapLibre layers, `legend.ts` samples it for the legend, and the
 * print resolves it per feature with `symbolFor` / `labelFor`.
 */
import { LAYER_IDS, type LayerId } from '../layers.ts';
import { VALUE_LABELS } from './labels.ts';
import type { ByProp, Lang, Rule } from './rules.ts';

/** The font name the text rules ask for; the client maps it to font files it serves itself. */
export const LABEL_FONT = 'Noto Sans Regular';
export const LABEL_FONT_BOLD = 'Noto Sans Bold';

/** No basemap tiles: a plain ground colour under the wards. */
export const BACKGROUND_COLOR = '#e8ecef';

const NEUTRAL = '#616161';
const GREY = '#9e9e9e';

export const CHECKPOINT_KIND_COLOR = { epidemic: '#00897b', security: '#1e3a8a', traffic: '#e65100' };
export const ZONE_LEVEL_COLOR = { lockdown: '#d62728', facility: '#f57c00', buffer: '#f2c500' };
export const STATION_COLOR = '#7b1fa2';
export const FACILITY_KIND_COLOR = { hospital: '#c62828', clinic: '#ef5350', health_station: '#2e7d32', police: '#1565c0', fire_station: '#bf360c', isolation_facility: '#ff8f00' };
export const INCIDENT_CATEGORY_COLOR = { epidemic_case: '#d81b60', violation: '#6d4c41', public_order: '#0288d1', traffic: '#f9a825' };

const byKind: ByProp<string> = { by: 'kind', values: CHECKPOINT_KIND_COLOR, default: NEUTRAL };
const byLevel: ByProp<string> = { by: 'level', values: ZONE_LEVEL_COLOR, default: NEUTRAL };

/** Coded values as words, as a lookup a text rule can carry. */
function wordsFor(layer: LayerId, prop: string, lang: Lang): ByProp<string> {
  const words = VALUE_LABELS[layer]?.[prop] ?? {};
  return { by: prop, values: Object.fromEntries(Object.entries(words).map(([k, w]) => [k, w[lang]])), default: '' };
}

const halo = { color: '#263238', haloColor: '#ffffff', haloWidth: 1.5 };

/** The rules of one layer, in drawing order within the layer. */
export function rulesFor(layer: LayerId, lang: Lang): Rule[] {
  switch (layer) {
    case 'wards':
      return [
        // Light enough for the street basemap beneath to show through.
        { part: 'fill', type: 'fill', color: '#fbfaf5', opacity: 0.5 },
        { part: 'line', type: 'line', color: '#8c7b63', width: 1.3 },
        { part: 'label', type: 'text', field: { prop: 'name' }, size: 13, ...halo, color: '#4e4232', bold: true },
      ];
    case 'quarantine-zones':
      return [
        {
          part: 'fill',
          type: 'fill',
          color: { by: 'status', values: { lifted: GREY }, default: byLevel },
          opacity: { by: 'status', values: { lifted: 0.15, planned: 0.2 }, default: 0.35 },
        },
        { part: 'line-active', type: 'line', only: { prop: 'status', in: ['active'] }, color: byLevel, width: 2 },
        { part: 'line-planned', type: 'line', only: { prop: 'status', in: ['planned'] }, color: byLevel, width: 2, dash: [3, 2] },
        { part: 'line-lifted', type: 'line', only: { prop: 'status', in: ['lifted'] }, color: GREY, width: 1.5, dash: [1, 2] },
        { part: 'label', type: 'text', field: { prop: 'name' }, size: 11, ...halo, color: '#5d1a1a', minzoom: 13 },
      ];
    case 'incidents':
      return [
        {
          part: 'circle',
          type: 'circle',
          radius: { by: 'severity', values: { '1': 2.5, '2': 3.5, '3': 4.5 }, default: 3.5 },
          color: { by: 'category', values: INCIDENT_CATEGORY_COLOR, default: NEUTRAL },
          opacity: 0.85,
          strokeColor: '#263238',
          strokeWidth: 0.6,
        },
        { part: 'label', type: 'text', field: wordsFor('incidents', 'category', lang), size: 10, ...halo, minzoom: 16, offsetY: 0.9 },
      ];
    case 'checkpoints':
      return [
        {
          part: 'circle',
          type: 'circle',
          radius: 7,
          // Planned checkpoints are hollow rings in their kind's colour; closed ones are grey.
          color: { by: 'status', values: { planned: '#ffffff', closed: GREY }, default: byKind },
          opacity: 1,
          strokeColor: { by: 'status', values: { planned: byKind, closed: NEUTRAL }, default: '#ffffff' },
          strokeWidth: { by: 'status', values: { planned: 2.5, closed: 1.5 }, default: 2 },
        },
        { part: 'label', type: 'text', field: { prop: 'name' }, size: 11, ...halo, minzoom: 14, offsetY: 1.1 },
      ];
    case 'facilities':
      return [
        // Squares are not available in a circle layer; a white core with a thick kind-coloured rim
        // tells facilities apart from the filled incident dots and the hollow station rings.
        { part: 'circle', type: 'circle', radius: 5, color: { by: 'kind', values: FACILITY_KIND_COLOR, default: NEUTRAL }, opacity: 1, strokeColor: '#ffffff', strokeWidth: 1.5 },
        { part: 'label', type: 'text', field: { prop: 'name' }, size: 10, ...halo, color: '#37474f', minzoom: 15, offsetY: 1 },
      ];
    case 'polling-stations':
      return [
        { part: 'ring', type: 'circle', radius: 6, color: '#ffffff', opacity: 1, strokeColor: STATION_COLOR, strokeWidth: 2.5 },
        { part: 'dot', type: 'circle', radius: 2.2, color: STATION_COLOR, opacity: 1, strokeColor: STATION_COLOR, strokeWidth: 0 },
        { part: 'label', type: 'text', field: { prop: 'name' }, size: 11, ...halo, color: '#4a148c', minzoom: 15, offsetY: 1.2 },
      ];
  }
}

/**
 * Drawing order across layers, bottom to top: areas, then boundaries over them, then points with
 * the most important (checkpoints, stations) last, then every label above every symbol.
 */
export const DRAW_ORDER: { layer: LayerId; parts: 'shapes' | 'outline' | 'labels' }[] = [
  { layer: 'wards', parts: 'shapes' },
  { layer: 'quarantine-zones', parts: 'shapes' },
  { layer: 'wards', parts: 'outline' },
  { layer: 'incidents', parts: 'shapes' },
  { layer: 'facilities', parts: 'shapes' },
  { layer: 'checkpoints', parts: 'shapes' },
  { layer: 'polling-stations', parts: 'shapes' },
  ...LAYER_IDS.map((layer) => ({ layer, parts: 'labels' as const })),
];

/** What the legend shows for a layer: a label and the properties of a sample feature. */
export function legendClasses(layer: LayerId, lang: Lang): { label: string; sample: Record<string, unknown> }[] {
  const words = (prop: string) => Object.entries(VALUE_LABELS[layer]?.[prop] ?? {});
  switch (layer) {
    case 'wards':
      return [{ label: lang === 'vi' ? 'Ranh giới phường, xã' : 'Ward boundary', sample: {} }];
    case 'checkpoints':
      return [
        ...words('kind').map(([kind, w]) => ({ label: w[lang], sample: { kind, status: 'active' } })),
        ...words('status')
          .filter(([s]) => s !== 'active')
          .map(([status, w]) => ({ label: w[lang], sample: { status } })),
      ];
    case 'quarantine-zones':
      return [
        ...words('level').map(([level, w]) => ({ label: w[lang], sample: { level, status: 'active' } })),
        ...words('status')
          .filter(([s]) => s !== 'active')
          .map(([status, w]) => ({ label: w[lang], sample: { status } })),
      ];
    case 'polling-stations':
      return [{ label: lang === 'vi' ? 'Khu vực bỏ phiếu' : 'Polling station', sample: {} }];
    case 'facilities':
      return words('kind').map(([kind, w]) => ({ label: w[lang], sample: { kind } }));
    case 'incidents':
      return words('category').map(([category, w]) => ({ label: w[lang], sample: { category, severity: 2 } }));
  }
}
