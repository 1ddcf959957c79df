/** The Web Mercator tile of zoom z holding lon/lat, as [x, y] (for tests that ask for a tile at a place). */
export function tileOf(z: number, lon: number, lat: number): [number, number] {
  const n = 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return [Math.floor(((lon + 180) / 360) * n), Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n)];
}
