/**
 * How long a request may take to arrive. Node's default (300 s) cut a 251 KB upload at 700 B/s,
 * a weak field link, with a plain-text 408 (issue 15 #7). The limit is a setting
 * (OPSMAP_REQUEST_TIMEOUT_S, default an hour: 2 MiB at 700 B/s is ~50 minutes), and the answer
 * is a problem document like every other error.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { problemBody, PROBLEM_TYPE } from './problem.ts';

/** Options for http.createServer: the timeout, checked every few seconds rather than Node's 30. */
export function timeoutOptions(seconds: number) {
  const ms = Math.round(seconds * 1000);
  return { requestTimeout: ms, headersTimeout: Math.min(ms, 60_000), connectionsCheckingInterval: Math.min(5_000, Math.max(100, ms / 4)) };
}

/** Answers Node's own request errors (timeout, malformed HTTP) with problem+json instead of plain text. */
export function answerClientErrors(server: Server, seconds: number): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const pending = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (!socket.writable || pending?.headersSent) {
      socket.destroy();
      return;
    }
    const timeout = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'ERR_HTTP_HEADERS_TIMEOUT';
    const status = timeout ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const detail = timeout
      ? `The request did not arrive within ${seconds} s (OPSMAP_REQUEST_TIMEOUT_S); on a slow link, send a smaller file or try again.`
      : 'The request is not valid HTTP.';
    const body = JSON.stringify(problemBody(status, detail));
    const reason = status === 408 ? 'Request Timeout' : status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${PROBLEM_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}
