/**
 * GET /api/wards: the city's ward list (core/wards/directory.ts) — every ward's code, name,
 * district, population, box and label point, without outlines. Reference data, not an
 * operational layer's features: a city has ~580 wards (~100 KB), and the client needs all of them
 * to name, list and find wards outside its view (summary, details, print, planner tools). Made
 * once per change of the wards layer; answered with an ETag so a client revalidates for free.
 */
import { createHash } from 'node:crypto';
import type { AppDeps } from '../deps.ts';
import { listFeatures } from '../db/rows.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { etagMatches } from '../http/ogc.ts';
import { ERRORS, notModified } from '../openapi.ts';
import { wardList } from '../../core/wards/directory.ts';

/** More wards than any city has: the list is never cut (a layer beyond this is not a city's wards). */
const MAX_WARDS = 100_000;

export function wardEndpoints(deps: AppDeps): Endpoint[] {
  let made: { stamp: string; body: string; etag: string } | null = null;

  async function current() {
    const stamp = await deps.store.features.stamp('wards');
    if (made?.stamp === stamp) return made;
    const { features } = await listFeatures(deps.store, 'wards', { limit: MAX_WARDS });
    const body = JSON.stringify(wardList(features));
    made = { stamp, body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
    return made;
  }

  return [
    endpoint({
      method: 'GET',
      path: '/wards',
      permission: 'read',
      doc: {
        tags: ['Wards'],
        summary: 'Every ward of the city without its outline: code, name, district, province, population, bbox and label point, in Vietnamese order of district and name',
        operationId: 'getWardList',
        responses: {
          '200': {
            description: 'The ward list (reference data: one record per ward, no geometry)',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    numberMatched: { type: 'integer' },
                    wards: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          id: { type: 'integer' },
                          code: { type: 'string' },
                          name: { type: 'string' },
                          district: { type: 'string' },
                          province: { type: 'string' },
                          population: { type: 'integer', nullable: true },
                          bbox: { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4 },
                          label: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2, nullable: true },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          '304': notModified,
          ...ERRORS,
        },
      },
      handler: async (c) => {
        const { body, etag } = await current();
        if (etagMatches(c, etag)) return c.body(null, 304, { ETag: etag });
        return c.body(body, 200, { 'Content-Type': 'application/json', ETag: etag, 'Cache-Control': 'no-cache' });
      },
    }),
  ];
}
