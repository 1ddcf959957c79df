/**
 * Errors as RFC 9457 problem details (application/problem+json). Each also carries
 * OGC API's `code` and `description`, so OGC clients and people both get a message
 * they can act on.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from '../../core/api/types.ts';
import type { Issue } from '../../core/layers.ts';

export const PROBLEM_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Invalid content',
  428: 'Precondition required',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
  408: 'Request timeout',
  423: 'Locked',
};

export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export function problemBody(status: number, detail: string, extra: Record<string, unknown> = {}): Problem {
  const title = TITLES[status] ?? 'Error';
  return { type: 'about:blank', title, status, detail, code: title.replace(/(^| )(\w)/g, (_, __, ch: string) => ch.toUpperCase()), description: detail, ...extra };
}

export function problem(c: Context, status: ContentfulStatusCode, detail: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return c.body(JSON.stringify(problemBody(status, detail, extra)), status, { 'Content-Type': PROBLEM_TYPE, ...headers });
}

export const invalid = (detail: string, issues: Issue[] = []) => new HttpProblem(400, detail, issues.length ? { issues } : {});
