/**
 * A file as UTF-8 text, a block at a time, read synchronously: the streaming readers are
 * generators that the store's bulk write pulls from inside one transaction (a better-sqlite3
 * transaction cannot await), so they read with readSync rather than a stream.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { invalid } from './errors.ts';

/** 1 MiB: large enough that reading costs nothing beside parsing, small enough to bound memory. */
export const BLOCK_BYTES = 1 << 20;

/** The file's text in blocks; a byte-order mark is dropped; not UTF-8 → IoError naming `what`. */
export function* textBlocks(path: string, what: string, blockBytes = BLOCK_BYTES): Generator<string> {
  const fd = openSync(path, 'r');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const buf = Buffer.allocUnsafe(blockBytes);
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, blockBytes, null);
      let text: string;
      try {
        text = decoder.decode(buf.subarray(0, n), { stream: n > 0 });
      } catch {
        throw invalid(`The ${what} is not UTF-8 text. Save it as UTF-8 (in Excel: "CSV UTF-8"; in QGIS: encoding UTF-8) and import it again.`);
      }
      if (text) yield text;
      if (n === 0) return;
    }
  } finally {
    closeSync(fd);
  }
}
