/**
 * Well-Known Text for the geometries opsmap stores (and the line/multi types, so that a
 * wrong type gets the layer's own "must be Point" message instead of a parse error).
 * CSV has no geometry type of its own; a WKT column is what GDAL and QGIS read and write.
 */
import type { Geometry, Position } from 'geojson';

const TOKEN = /\s*(?:([A-Za-z]+)|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|([(),]))/y;

type Nested = Position | Nested[];

const TYPES: Record<string, Geometry['type']> = {
  POINT: 'Point',
  MULTIPOINT: 'MultiPoint',
  LINESTRING: 'LineString',
  MULTILINESTRING: 'MultiLineString',
  POLYGON: 'Polygon',
  MULTIPOLYGON: 'MultiPolygon',
};

/** Parses WKT or EWKT (`SRID=4326;POINT(…)`); throws an Error with a short reason. */
export function parseWkt(input: string): Geometry {
  const text = input.trim().replace(/^SRID=\d+;/i, '');
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const m = TOKEN.exec(text);
    if (!m) {
      if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
      throw new Error(`unexpected "${text.slice(TOKEN.lastIndex).trim().slice(0, 12)}"`);
    }
    tokens.push(m[1] ?? m[2] ?? m[3]);
  }
  let i = 0;
  const word = (tokens[i++] ?? '').toUpperCase();
  const type = TYPES[word];
  if (!type) throw new Error(word ? `unsupported geometry type ${word}` : 'empty geometry text');
  while (/^(Z|M|ZM)$/i.test(tokens[i] ?? '')) i++;
  if ((tokens[i] ?? '').toUpperCase() === 'EMPTY') throw new Error(`${word} EMPTY has no coordinates`);

  const list = (): Nested => {
    if (tokens[i] !== '(') throw new Error(`expected "(" at "${tokens[i] ?? 'end of text'}"`);
    i++;
    const items: Nested[] = [];
    for (;;) {
      if (tokens[i] === '(') items.push(list());
      else {
        const nums: number[] = [];
        while (tokens[i] !== undefined && tokens[i] !== ',' && tokens[i] !== ')') {
          const n = Number(tokens[i++]);
          if (!Number.isFinite(n)) throw new Error(`"${tokens[i - 1]}" is not a number`);
          nums.push(n);
        }
        if (nums.length < 2) throw new Error('a position needs at least two numbers');
        items.push(nums.slice(0, nums.length === 4 ? 3 : nums.length) as Position);
      }
      const t = tokens[i++];
      if (t === ')') return items as Nested;
      if (t !== ',') throw new Error(`expected "," or ")" at "${t ?? 'end of text'}"`);
    }
  };
  const body = list() as Nested[];
  if (i !== tokens.length) throw new Error(`unexpected "${tokens[i]}" after the geometry`);
  // MULTIPOINT may be written ((1 2), (3 4)) or (1 2, 3 4).
  if (type === 'MultiPoint') return { type, coordinates: body.map((p) => (Array.isArray(p[0]) ? (p[0] as Position) : (p as Position))) };
  if (type === 'Point') return { type, coordinates: body[0] as Position };
  return { type, coordinates: body } as Geometry;
}

const pos = (p: Position) => `${p[0]} ${p[1]}`;
const seq = (ps: Position[]) => `(${ps.map(pos).join(', ')})`;
const rings = (rs: Position[][]) => `(${rs.map(seq).join(', ')})`;

/** WKT of a geometry, 2D, coordinates written as JavaScript prints them (shortest exact form). */
export function toWkt(g: Geometry): string {
  switch (g.type) {
    case 'Point':
      return `POINT (${pos(g.coordinates)})`;
    case 'MultiPoint':
      return `MULTIPOINT ${seq(g.coordinates)}`;
    case 'LineString':
      return `LINESTRING ${seq(g.coordinates)}`;
    case 'MultiLineString':
      return `MULTILINESTRING ${rings(g.coordinates)}`;
    case 'Polygon':
      return `POLYGON ${rings(g.coordinates)}`;
    case 'MultiPolygon':
      return `MULTIPOLYGON (${g.coordinates.map(rings).join(', ')})`;
    case 'GeometryCollection':
      return `GEOMETRYCOLLECTION (${g.geometries.map(toWkt).join(', ')})`;
  }
}
