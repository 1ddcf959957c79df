/**
 * What the OGC API – Features routes share: media types, conformance classes, the API's
 * base URL for links, collection and feature ids from the path, and ETags (If-None-Match
 * for reading, If-Match for optimistic locking when editing, Part 4).
 */
import type { Context } from 'hono';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { LAYER_IDS, isLayerId, type LayerId } from '../../core/layers.ts';
import type { AppDeps } from '../deps.ts';
import { API_ROOT } from './endpoint.ts';
import { HttpProblem } from './problem.ts';
import { fromParser } from './query.ts';

export { CRS84 } from './query.ts';
export const GEOJSON = 'application/geo+json';
export const OPENAPI = 'application/vnd.oai.openapi+json;version=3.0';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags',
];

/** The API's own URL, for absolute links: the configured base URL, else the request's origin. */
export function baseUrl(c: Context, deps: AppDeps): string {
  return (deps.config.baseUrl ?? new URL(c.req.url).origin).replace(/\/$/, '') + API_ROOT;
}

/** The layer a `{collectionId}` names; any other name is a 404 listing the collections. */
export function layerOf(id: string): LayerId {
  if (!isLayerId(id)) throw new HttpProblem(404, `There is no collection "${id}". Collections are: ${LAYER_IDS.join(', ')}.`);
  return id;
}

export function featureIdOf(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new HttpProblem(404, `There is no feature "${raw}": feature ids are whole numbers.`);
  return Number(raw);
}

/** Path parameters of the collection routes, for an endpoint record's `params`. */
export const collectionParams = z.object({ collectionId: fromParser(layerOf) });
export const featureParams = z.object({ collectionId: fromParser(layerOf), featureId: fromParser(featureIdOf) });

/** Strong ETag of a feature: its version. */
export const etagOf = (version: number) => `"${version}"`;

/** Whether the request's If-None-Match names this ETag (weak tags compare equal, as RFC 9110 says for GET). */
export function etagMatches(c: Context, etag: string): boolean {
  const inm = c.req.header('if-none-match');
  return !!inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
}

/** A JSON answer with an ETag of its content, and 304 when the client has it already. */
export function jsonWithEtag(c: Context, body: unknown, type = 'application/json') {
  const text = JSON.stringify(body);
  const etag = `"${createHash('sha1').update(text).digest('base64url')}"`;
  if (etagMatches(c, etag)) return c.body(null, 304, { ETag: etag });
  return c.body(text, 200, { 'Content-Type': type, ETag: etag });
}

/**
 * The version named by `If-Match: "3"` (weak tags accepted: clients add W/ freely). `If-Match: *`
 * means "whatever the current version is, as long as there is one" (RFC 9110 §13.1.1): the
 * current version, or 412 when the resource does not exist; it used to be a 412 always.
 */
export async function ifMatchVersion(c: Context, current: () => Promise<number | null>): Promise<number> {
  const h = c.req.header('if-match');
  if (!h) throw new HttpProblem(428, 'Send If-Match with the ETag of the version you edited (from GET on the item), so that a newer change by someone else is not overwritten.');
  if (h.trim() === '*') {
    const v = await current();
    if (v === null) throw new HttpProblem(412, 'If-Match: * needs the item to exist, and it does not.');
    return v;
  }
  const m = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(h);
  if (!m) throw new HttpProblem(412, `If-Match "${h}" is not an ETag of this server; GET the item and use its ETag header.`);
  return Number(m[1]);
}
