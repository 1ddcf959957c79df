/**
 * Drawing and reshaping quarantine zones with terra-draw on the MapLibre map. One terra-draw
 * instance lives for one drawing or reshaping session and is stopped after it, so its layers
 * never linger on the map. Snapping to ward boundaries (optional) is terra-draw's custom snap,
 * fed by snap.ts.
 */
import { TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode, type SnapToCustom } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { Feature, Geometry, Polygon } from 'geojson';
import type { OpsMap } from '../opsmap.ts';
import { boundaryEdges, snapToEdges } from './snap.ts';

const TOLERANCE_PX = 12;
const STYLE = { fillColor: '#ff6d00', outlineColor: '#e65100', outlineWidth: 2, fillOpacity: 0.25 } as const;

export interface SnapSource {
  enabled(): boolean;
  wards(): readonly Feature<Geometry | null>[];
}

export class ZoneDrawer {
  private draw: TerraDraw | null = null;
  private reshapeId: string | number | null = null;

  constructor(
    private readonly opsmap: OpsMap,
    private readonly snap: SnapSource,
  ) {}

  private snapper(): SnapToCustom {
    let edges: ReturnType<typeof boundaryEdges> | null = null;
    return (event, ctx) => {
      if (!this.snap.enabled()) return undefined;
      edges ??= boundaryEdges(this.snap.wards());
      const degPerPx = 360 / (512 * 2 ** this.opsmap.map.getZoom());
      return snapToEdges(edges, [event.lng, event.lat], ctx.project, TOLERANCE_PX, degPerPx * TOLERANCE_PX * 2);
    };
  }

  private start(): TerraDraw {
    this.stop();
    const toCustom = this.snapper();
    const draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map: this.opsmap.map, coordinatePrecision: 7 }),
      modes: [
        new TerraDrawPolygonMode({
          snapping: { toCustom },
          styles: { fillColor: STYLE.fillColor, outlineColor: STYLE.outlineColor, outlineWidth: STYLE.outlineWidth, fillOpacity: STYLE.fillOpacity, closingPointColor: '#ffffff', closingPointOutlineColor: STYLE.outlineColor },
        }),
        new TerraDrawSelectMode({
          allowManualDeselection: false,
          flags: {
            polygon: {
              feature: { draggable: false, coordinates: { draggable: true, midpoints: true, deletable: true, snappable: { toCustom } } },
            },
          },
          styles: { selectedPolygonColor: STYLE.fillColor, selectedPolygonOutlineColor: STYLE.outlineColor, selectedPolygonFillOpacity: STYLE.fillOpacity, midPointColor: '#ffffff', midPointOutlineColor: STYLE.outlineColor },
        }),
      ],
    });
    draw.start();
    this.draw = draw;
    return draw;
  }

  /** Draw a new polygon; `onDone` gets it when the planner closes the ring. */
  drawPolygon(onDone: (polygon: Polygon) => void) {
    const draw = this.start();
    this.opsmap.setTool('draw-zone');
    draw.setMode('polygon');
    draw.on('finish', (id, ctx) => {
      if (ctx.mode !== 'polygon' || ctx.action !== 'draw') return;
      const f = draw.getSnapshotFeature(id);
      if (f?.geometry.type === 'Polygon') onDone(f.geometry as Polygon);
    });
  }

  /** Put a zone's polygon under the planner's hands: corners and edge midpoints can be dragged. */
  reshape(polygon: Polygon) {
    const draw = this.start();
    this.opsmap.setTool('reshape-zone');
    draw.setMode('select');
    const [result] = draw.addFeatures([{ type: 'Feature', geometry: polygon, properties: { mode: 'polygon' } }]);
    if (!result?.valid) throw new Error(`terra-draw refused the zone's shape: ${result?.reason ?? 'invalid polygon'}`);
    this.reshapeId = result.id!;
    draw.selectFeature(this.reshapeId);
  }

  /** The polygon as reshaped so far. */
  reshaped(): Polygon | null {
    if (!this.draw || this.reshapeId === null) return null;
    const f = this.draw.getSnapshotFeature(this.reshapeId);
    return f?.geometry.type === 'Polygon' ? (f.geometry as Polygon) : null;
  }

  stop() {
    this.reshapeId = null;
    if (!this.draw) return;
    const d = this.draw;
    this.draw = null;
    d.stop();
    // The click that finished the drawing is still on its way to the map's click listeners:
    // release the tool after it, so that it does not also select what lies beneath.
    setTimeout(() => {
      if (!this.draw) this.opsmap.setTool(null);
    }, 0);
  }
}
