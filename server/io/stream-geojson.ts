/**
 * GeoJSON read from a file one feature at a time: ./json-cursor.ts walks the text a block at a
 * time and cuts out each value, and JSON.parse reads it, so memory holds a block and a feature,
 * whatever the file's size. A FeatureCollection's `features` (a GeometryCollection's
 * `geometries`, a top-level array's items) are handed on as they are read; every other member is
 * kept and checked at the end, so a `type` or `crs` written after the features still refuses the
 * file (the import then writes nothing, as every failure does). Nesting and the feature count are
 * checked as the values come.
 *
 * Why not stream-json (used here before): its token events, assembled into a feature in
 * JavaScript, were ~19% of a million-feature import; JSON.parse of each feature's text is the
 * engine's own parser and as strict.
 */
import { invalid } from './errors.ts';
import { JsonCursor } from './json-cursor.ts';
import type { IoLimits } from './limits.ts';
import { BLOCK_BYTES, textBlocks } from './read-blocks.ts';
import { checkCrs, fromItem, GEOMETRY_TYPES } from './read-geojson.ts';
import { checkFeatureCount, type SourceFeature } from './source.ts';

const BARE = new Set([...'"-0123456789tfn'].map((c) => c.charCodeAt(0)));

/** The features of a GeoJSON file, one at a time (see the module comment); `blockBytes` for tests of block edges. */
export function* streamGeoJson(path: string, limits: IoLimits, blockBytes = BLOCK_BYTES): Generator<SourceFeature> {
  const nested = () => `The JSON is nested more than ${limits.maxJsonDepth} levels deep; GeoJSON never needs that many. The file is damaged or not GeoJSON.`;
  const json = new JsonCursor(textBlocks(path, 'GeoJSON file', blockBytes), limits.maxJsonDepth, nested);
  let n = 0;

  /** The items of an array whose `[` was just taken, `depth` brackets deep, each a feature. */
  function* items(depth: number, context: string): Generator<SourceFeature> {
    const what = () => `${context} ${n + 1}`;
    if (json.peek() === 93) return void json.take(']', 'the start of the list');
    for (;;) {
      const item = json.value(depth, what);
      checkFeatureCount(++n, limits, true);
      yield fromItem(item, n - 1, context);
      if (json.take(',]', what()) === ']') return;
    }
  }

  const first = json.peek();
  if (first < 0) throw invalid('The file holds no JSON, only white space.');
  if (BARE.has(first)) throw invalid('Expected a GeoJSON object or a list of GeoJSON objects, not a bare JSON value.');
  if (json.take('[{', 'the start of the file') === '[') {
    yield* items(1, 'item');
    if (!json.atEnd()) throw json.error('there is more text after the end of the list');
    return;
  }

  const members: Record<string, unknown> = {};
  let streamed: 'features' | 'geometries' | null = null;
  if (json.peek() === 125) json.take('}', 'the start of the object');
  else
    for (;;) {
      const key = json.key(Object.keys(members).length || streamed ? 'a comma' : 'the start of the object');
      if ((key === 'features' || key === 'geometries') && !streamed && json.peek() === 91) {
        json.take('[', key);
        streamed = key;
        yield* items(2, key === 'features' ? 'feature' : 'geometry');
      } else {
        members[key] = json.value(1, () => `the member ${JSON.stringify(key)}`);
        if (key === 'crs') checkCrs(members);
      }
      if (json.take(',}', `the member ${JSON.stringify(key)}`) === '}') break;
    }
  if (!json.atEnd()) throw json.error('there is more text after the end of the object');

  checkCrs(members);
  const type = members.type;
  if (streamed) {
    const expected = streamed === 'features' ? 'FeatureCollection' : 'GeometryCollection';
    if (type !== expected) throw invalid(`The file has a "${streamed}" array but its type is ${JSON.stringify(type ?? null)}, not ${expected}.`);
    return;
  }
  if (type === 'FeatureCollection') throw invalid('The FeatureCollection has no "features" array.');
  if (type === 'GeometryCollection') throw invalid('The GeometryCollection has no "geometries" array.');
  if (type === 'Feature' || (typeof type === 'string' && GEOMETRY_TYPES.has(type))) {
    checkFeatureCount(1, limits);
    yield fromItem(members, 0, 'feature');
    return;
  }
  throw invalid(`Expected a GeoJSON FeatureCollection, Feature, geometry or a list of them; this file's top-level type is ${JSON.stringify(type ?? null)}.`);
}
