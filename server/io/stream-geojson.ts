/**
 * GeoJSON read from a file one feature at a time (stream-json's tokenizer, fed a block at a
 * time, and its Assembler for each feature): memory holds one feature, whatever the file's size.
 * A FeatureCollection's `features` (a GeometryCollection's `geometries`, a top-level array's
 * items) are handed on as they are read; every other member is kept and checked at the end, so
 * a `type` or `crs` written after the features still refuses the file (the import then writes
 * nothing, as every failure does). Nesting and the feature count are checked as the tokens come.
 *
 * Why stream-json: a well-kept tokenizer whose core is a plain function (chunk in, tokens out),
 * so it can be driven synchronously from inside the store's one write transaction.
 */
import Assembler from 'stream-json/assembler.js';
import { jsonParser } from 'stream-json/parser.js';
import { getManyValues, isMany, none } from 'stream-chain/defs.js';
import { IoError, invalid, tooLarge } from './errors.ts';
import type { IoLimits } from './limits.ts';
import { textBlocks } from './read-blocks.ts';
import { checkCrs, fromItem, GEOMETRY_TYPES } from './read-geojson.ts';
import { checkFeatureCount, type SourceFeature } from './source.ts';

interface Token {
  name: string;
  value?: unknown;
}

function* tokens(path: string): Generator<Token> {
  const parse = jsonParser({ packValues: true, streamValues: false });
  const out = (r: unknown): Token[] => (r === none || r === undefined ? [] : isMany(r) ? (getManyValues(r) as Token[]) : [r as Token]);
  try {
    for (const text of textBlocks(path, 'GeoJSON file')) yield* out(parse(text));
    yield* out(parse(none as never));
  } catch (e) {
    if (e instanceof IoError) throw e;
    throw invalid(`The file is not valid JSON: ${(e as Error).message.replace(/^Parser cannot parse input: /, '')}.`);
  }
}

const OPEN = new Set(['startObject', 'startArray']);
const CLOSE = new Set(['endObject', 'endArray']);

/** The features of a GeoJSON file, one at a time (see the module comment). */
export function* streamGeoJson(path: string, limits: IoLimits): Generator<SourceFeature> {
  let depth = 0;
  let top: 'array' | 'object' | null = null;
  let key: string | null = null;
  const members: Record<string, unknown> = {};
  let streamed: 'features' | 'geometries' | null = null;
  let itemDepth = -1;
  let context = 'item';
  let asm: Assembler | null = null;
  let asmKey: string | null = null;
  let n = 0;

  for (const t of tokens(path)) {
    if (OPEN.has(t.name) && depth + 1 > limits.maxJsonDepth)
      throw tooLarge(`The JSON is nested more than ${limits.maxJsonDepth} levels deep; GeoJSON never needs that many. The file is damaged or not GeoJSON.`);
    if (!asm) {
      if (depth === 0) {
        if (t.name === 'startArray') [top, itemDepth, context] = ['array', 1, 'item'];
        else if (t.name === 'startObject') top = 'object';
        else throw invalid('Expected a GeoJSON object or a list of GeoJSON objects, not a bare JSON value.');
        depth++;
        continue;
      }
      if (top === 'object' && depth === 1) {
        if (t.name === 'keyValue') {
          key = t.value as string;
          continue;
        }
        if (t.name === 'endObject') {
          depth--;
          continue;
        }
        if ((key === 'features' || key === 'geometries') && t.name === 'startArray' && !streamed) {
          [streamed, itemDepth, context] = [key, 2, key === 'features' ? 'feature' : 'geometry'];
          depth++;
          continue;
        }
        asmKey = key;
      } else if (depth === itemDepth) {
        if (t.name === 'endArray') {
          depth--;
          continue;
        }
        asmKey = null;
      }
      asm = new Assembler();
    }
    asm.consume(t as never);
    if (OPEN.has(t.name)) depth++;
    else if (CLOSE.has(t.name)) depth--;
    if (!asm.done) continue;
    const value = asm.current;
    asm = null;
    if (asmKey !== null) {
      members[asmKey] = value;
      if (asmKey === 'crs') checkCrs(members);
      continue;
    }
    checkFeatureCount(++n, limits, true);
    yield fromItem(value, n - 1, context);
  }

  if (top === 'array') return;
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

