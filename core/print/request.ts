/**
 * The print request: what `GET /api/print` accepts and what the print dialog sends.
 * Shared so that the dialog offers exactly the values the server takes.
 */
import { z } from 'zod';
import { LAYER_IDS, type LayerId } from '../layers.ts';
import { MARGIN_MAX_MM, MARGIN_MIN_MM, PAPERS } from './paper.ts';
import { STANDARD_SCALES } from './scale.ts';

export type PrintArea =
  | { kind: 'bbox'; bbox: [number, number, number, number] }
  | { kind: 'ward'; id: string }
  | { kind: 'zone'; id: string };

const areaSchema = z.string().transform((s, ctx): PrintArea => {
  const m = /^(bbox|ward|zone):(.+)$/.exec(s.trim());
  if (!m) {
    ctx.addIssue({ code: 'custom', message: 'must be bbox:W,S,E,N, ward:ID or zone:ID' });
    return z.NEVER;
  }
  if (m[1] !== 'bbox') return { kind: m[1] as 'ward' | 'zone', id: m[2] };
  const n = m[2].split(',').map(Number);
  const [W, S, E, N] = n;
  if (n.length !== 4 || n.some((v) => !Number.isFinite(v))) {
    ctx.addIssue({ code: 'custom', message: 'bbox must be four numbers W,S,E,N' });
    return z.NEVER;
  }
  if (W < -180 || E > 180 || S < -85 || N > 85 || W >= E || S >= N) {
    ctx.addIssue({ code: 'custom', message: 'bbox must have W < E, S < N, longitudes within ±180 and latitudes within ±85' });
    return z.NEVER;
  }
  // A page covers at most a few tens of km at 1:50 000; a whole country would print as a blur.
  if (E - W > 5 || N - S > 5) {
    ctx.addIssue({ code: 'custom', message: 'bbox must span at most 5 degrees each way' });
    return z.NEVER;
  }
  return { kind: 'bbox', bbox: [W, S, E, N] };
});

const csv = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

const boolParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const printRequestSchema = z
  .strictObject({
    area: areaSchema.optional(),
    paper: z.enum(Object.keys(PAPERS) as [keyof typeof PAPERS]).default('A4'),
    orientation: z.enum(['portrait', 'landscape']).default('landscape'),
    margin: z.coerce.number().min(MARGIN_MIN_MM, `must be at least ${MARGIN_MIN_MM} mm`).max(MARGIN_MAX_MM, `must be at most ${MARGIN_MAX_MM} mm`).default(10),
    scale: z
      .enum(['fit', ...STANDARD_SCALES.map(String)] as [string, ...string[]])
      .default('fit')
      .transform((s): number | 'fit' => (s === 'fit' ? 'fit' : Number(s))),
    dpi: z.enum(['150', '300']).default('300').transform(Number),
    title: z.string().trim().max(120, 'must be at most 120 characters').optional(),
    subtitle: z.string().trim().max(200, 'must be at most 200 characters').optional(),
    classification: z.string().trim().max(80, 'must be at most 80 characters').optional(),
    layers: z
      .string()
      .transform(csv)
      .pipe(z.array(z.enum(LAYER_IDS, { message: `each must be one of ${LAYER_IDS.join(', ')}` })))
      .optional(),
    grid: z.enum(['none', 'latlon', 'utm']).default('none'),
    table: boolParam.default(false),
    atlas: z.enum(['wards']).optional(),
    rings: z
      .string()
      .transform((s) => csv(s).map(Number))
      .pipe(z.array(z.number({ message: 'must be distances in metres' }).positive('must be positive').max(5000, 'must be at most 5000 m')).max(5, 'at most 5 rings'))
      .optional(),
    lang: z.enum(['vi', 'en']).default('vi'),
    /** Print the state at this instant (features active then), as the map's time filter does. */
    datetime: z.string().max(60).optional(),
  })
  .superRefine((r, ctx) => {
    if (!r.area && !r.atlas) ctx.addIssue({ code: 'custom', path: ['area'], message: 'is required unless atlas=wards' });
    if (r.rings && r.area?.kind !== 'zone') ctx.addIssue({ code: 'custom', path: ['rings'], message: 'applies only to area=zone:ID' });
  });

export type PrintRequestInput = z.input<typeof printRequestSchema>;
export type PrintRequest = z.output<typeof printRequestSchema> & { layers?: LayerId[] };

/** Every layer, in drawing order (areas below points), when `layers` is not given. */
export const DEFAULT_PRINT_LAYERS: readonly LayerId[] = LAYER_IDS;
