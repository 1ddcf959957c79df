/**
 * An import's error as it crosses from a thread to the one that waits for it: a StoreError keeps
 * its kind and issues, an IoError its kind, any other error its message and code (SQLITE_BUSY, a
 * CLI import holding the lock, is answered 503, not 500). Used by the import thread
 * (./import-thread.ts, ./run-import.ts) and the reading thread (./read-ahead.ts).
 */
import { StoreError } from '../db/errors.ts';
import { IoError, type IoErrorKind } from './errors.ts';

export interface ThreadError {
  class: 'StoreError' | 'IoError' | 'Error';
  kind?: string;
  code?: string;
  message: string;
  issues?: unknown[];
}

export function toThreadError(e: unknown): ThreadError {
  if (e instanceof StoreError) return { class: 'StoreError', kind: e.kind, message: e.message, issues: e.issues };
  if (e instanceof IoError) return { class: 'IoError', kind: e.kind, message: e.message };
  console.error(e);
  return { class: 'Error', code: (e as { code?: string }).code, message: (e as Error).message };
}

export function fromThreadError(e: ThreadError): Error {
  if (e.class === 'StoreError') return new StoreError(e.kind as never, e.message, (e.issues ?? []) as never);
  if (e.class === 'IoError') return new IoError(e.kind as IoErrorKind, e.message);
  return Object.assign(new Error(e.message), { code: e.code });
}
