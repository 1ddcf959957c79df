/**
 * GET /api/search?q=…: features by name across the searched layers, matched on the server with
 * core/text/search (diacritics and case ignored), so the client searches a city without holding
 * its layers. Hits carry id and box; the client fetches details by id.
 */
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { fromParser } from '../http/query.ts';
import { HttpProblem } from '../http/problem.ts';
import { ERRORS, param } from '../openapi.ts';
import { NameSearch, SEARCHED } from '../search/name-search.ts';

const MAX_LIMIT = 100;
const SearchQuery = z.strictObject({
  q: z.string().max(200, 'q must be at most 200 characters'),
  limit: fromParser((raw) => {
    if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIMIT) throw new HttpProblem(400, `limit must be a whole number from 1 to ${MAX_LIMIT}, not "${raw}"`);
    return Number(raw);
  }).optional(),
});

export function searchEndpoints(deps: AppDeps): Endpoint[] {
  const search = new NameSearch(deps.store);
  return [
    endpoint({
      method: 'GET',
      path: '/search',
      permission: 'read',
      query: SearchQuery,
      doc: {
        tags: ['Search'],
        summary: `Features by name or code in ${SEARCHED.join(', ')}, with or without diacritics`,
        operationId: 'search',
        parameters: [
          { ...param('q', 'What was typed: "co nhue" finds "Cổ Nhuế"', { type: 'string', maxLength: 200 }), required: true },
          param('limit', `Hits to return (default 8, at most ${MAX_LIMIT}); numberMatched says how many matched in all`, { type: 'integer', minimum: 1, maximum: MAX_LIMIT }),
        ],
        responses: {
          '200': {
            description: 'Hits, best first: layer, id, name, code, bbox, score; numberMatched counts every match',
            content: { 'application/json': { schema: { type: 'object', properties: { query: { type: 'string' }, numberMatched: { type: 'integer' }, numberReturned: { type: 'integer' }, hits: { type: 'array', items: { type: 'object' } } } } } },
          },
          ...ERRORS,
        },
      },
      handler: async (c, { query }) => {
        const { hits, numberMatched } = await search.find(query.q, query.limit ?? 8);
        return c.json({ query: query.q, numberMatched, numberReturned: hits.length, hits });
      },
    }),
  ];
}
