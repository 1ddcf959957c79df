/**
 * Dragging a point feature to move it. A press on a point that `draggable` accepts takes the
 * gesture from the map's panning; the point follows the pointer as a draft; on release (after a
 * real move, not a click) `onDrop` gets the new position. The server's answer then redraws the
 * point and its derived ward, so nothing is moved for good until the API has accepted it.
 */
import type * as maplibregl from 'maplibre-gl';
import type { LayerId } from '../../../../core/layers.ts';
import type { OpsMap } from '../opsmap.ts';
import { setDraft } from './draft-layer.ts';

export interface DragOptions {
  /** May this hit be dragged? (the selected feature, on a layer the role edits) */
  draggable: (hit: { layer: LayerId; id: number }) => boolean;
  onDrop: (hit: { layer: LayerId; id: number }, lngLat: [number, number]) => void;
}

/** Pixels the pointer must travel before a press counts as a drag. */
const SLOP = 4;

export function enablePointDrag(opsmap: OpsMap, opts: DragOptions): () => void {
  const map = opsmap.map;
  let active: { hit: { layer: LayerId; id: number }; start: maplibregl.Point; moved: boolean; at: [number, number] } | null = null;

  const onDown = (e: maplibregl.MapMouseEvent) => {
    if (e.originalEvent.button !== 0) return;
    const hit = opsmap.hitAt(e.point);
    if (!hit || !opts.draggable(hit)) return;
    e.preventDefault(); // the map does not pan
    active = { hit, start: e.point, moved: false, at: [e.lngLat.lng, e.lngLat.lat] };
    map.getCanvas().style.cursor = 'grabbing';
  };
  const onMove = (e: maplibregl.MapMouseEvent) => {
    if (!active) return;
    if (!active.moved && e.point.dist(active.start) < SLOP) return;
    active.moved = true;
    active.at = [e.lngLat.lng, e.lngLat.lat];
    setDraft(map, { type: 'Point', coordinates: active.at });
  };
  const onUp = () => {
    if (!active) return;
    const a = active;
    active = null;
    map.getCanvas().style.cursor = '';
    setDraft(map, null);
    if (a.moved) opts.onDrop(a.hit, a.at);
  };
  map.on('mousedown', onDown);
  map.on('mousemove', onMove);
  map.on('mouseup', onUp);
  return () => {
    map.off('mousedown', onDown);
    map.off('mousemove', onMove);
    map.off('mouseup', onUp);
  };
}
