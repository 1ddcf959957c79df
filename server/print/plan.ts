/**
 * From a print request to the pages to draw: which ground each map page shows, at what scale,
 * under which title. Pure apart from reading the source.
 */
import type { Feature } from 'geojson';
import { bbox as turfBbox, bboxPolygon } from '@turf/turf';
import { bufferFeatures } from '../../core/geometry/buffer.ts';
import { createMapView, groundExtent, type MapView } from '../../core/print/map-view.ts';
import { pageLayout, type PageLayout } from '../../core/print/paper.ts';
import type { PrintRequest } from '../../core/print/request.ts';
import { fitScale } from '../../core/print/scale.ts';
import { valueLabel } from '../../core/style/labels.ts';
import { t } from './i18n.ts';
import type { BBox, PrintSource } from './source.ts';

export interface MapPage {
  title: string;
  subtitle: string;
  layout: PageLayout;
  view: MapView;
  /** The area asked for: outlined, and the ground around it dimmed. */
  focus: Feature | null;
  /** Buffer rings around a zone, each with `distance_m`. */
  rings: Feature[];
  /** Atlas pages: the district with this page's ward, for the inset. */
  overview?: { wards: Feature[]; current: Feature };
  /** "Trang 3/12" in an atlas. */
  pageLabel?: string;
}

/** A request that names something that is not there: the route answers 404 naming the parameter. */
export class PrintNotFound extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

const collator = new Intl.Collator('vi');
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export function wardTitle(w: Feature): { title: string; subtitle: string } {
  const p = w.properties ?? {};
  return { title: str(p.name), subtitle: [p.district, p.province].filter(Boolean).map(str).join(', ') };
}

/** A map page showing `extent`, at the requested scale or the best one that fits it. */
function pageFor(req: PrintRequest, extent: BBox): { layout: PageLayout; view: MapView } {
  const layout = pageLayout(req.paper, req.orientation, req.margin);
  const g = groundExtent(extent);
  const scale = req.scale === 'fit' ? fitScale(g.w, g.h, layout.map.w, layout.map.h) : req.scale;
  return { layout, view: createMapView(g.center, scale, layout.map) };
}

export async function planPages(req: PrintRequest, source: PrintSource): Promise<MapPage[]> {
  if (req.atlas === 'wards') return planAtlas(req, source);
  const area = req.area!;
  if (area.kind === 'bbox') {
    const { layout, view } = pageFor(req, area.bbox);
    const title = req.title || t('areaMap', req.lang);
    const subtitle = req.subtitle ?? area.bbox.map((v) => v.toFixed(4)).join(', ');
    // The box itself is the focus: outlined, the margin the scale leaves around it dimmed.
    return [{ title, subtitle, layout, view, focus: bboxPolygon(area.bbox), rings: [] }];
  }
  if (area.kind === 'ward') {
    const ward = await source.ward(area.id);
    if (!ward) throw new PrintNotFound('area', `no ward with id or code "${area.id}"`);
    const { layout, view } = pageFor(req, turfBbox(ward) as BBox);
    const d = wardTitle(ward);
    return [{ title: req.title || d.title, subtitle: req.subtitle ?? d.subtitle, layout, view, focus: ward, rings: [] }];
  }
  const zone = await source.zone(area.id);
  if (!zone) throw new PrintNotFound('area', `no quarantine zone with id "${area.id}"`);
  const rings = req.rings?.length ? bufferFeatures([zone], { distances: req.rings, dissolve: true }).features : [];
  const outer = rings.length ? rings[rings.length - 1] : zone;
  const { layout, view } = pageFor(req, turfBbox(outer) as BBox);
  const p = zone.properties ?? {};
  const subtitle = [valueLabel('quarantine-zones', 'level', p.level, req.lang), valueLabel('quarantine-zones', 'status', p.status, req.lang)].filter(Boolean).join(' · ');
  return [{ title: req.title || str(p.name), subtitle: req.subtitle ?? subtitle, layout, view, focus: zone, rings }];
}

/** One page per ward (meeting `area` when given), in Vietnamese alphabetical order, each at its own best scale. */
async function planAtlas(req: PrintRequest, source: PrintSource): Promise<MapPage[]> {
  const bbox = req.area?.kind === 'bbox' ? req.area.bbox : undefined;
  const wards = (await source.wards(bbox)).sort((a, b) => collator.compare(str(a.properties?.name), str(b.properties?.name)));
  if (wards.length === 0) throw new PrintNotFound(bbox ? 'area' : 'atlas', 'no wards to print');
  return wards.map((ward, i) => {
    const { layout, view } = pageFor(req, turfBbox(ward) as BBox);
    const d = wardTitle(ward);
    return {
      title: d.title,
      subtitle: [req.title, d.subtitle].filter(Boolean).join(' — '),
      layout,
      view,
      focus: ward,
      rings: [],
      overview: { wards, current: ward },
      pageLabel: `${t('page', req.lang)} ${i + 1}/${wards.length}`,
    };
  });
}
