/**
 * Placing a point: while active, the map's clicks belong to the tool (OpsMap.setTool marks them,
 * so the app does not select) and each click hands its position to `onPlace`.
 */
import type { OpsMap } from '../opsmap.ts';

export function startPlacing(map: OpsMap, toolName: string, onPlace: (lngLat: [number, number]) => void): () => void {
  map.setTool(toolName);
  const off = map.onClick((e) => {
    if (e.tool === toolName) onPlace(e.lngLat);
  });
  return () => {
    off();
    map.setTool(null);
  };
}
