/**
 * A PMTiles basemap served as a plain file with HTTP range requests: the client's `pmtiles`
 * protocol reads the header, directories and tiles with `Range: bytes=a-b`, so the server
 * needs no tile logic and the whole region works offline.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** OPSMAP_PMTILES, else data/basemap.pmtiles when it exists; null when there is no basemap. */
export function pmtilesPath(env: NodeJS.ProcessEnv = process.env): string | null {
  const file = env.OPSMAP_PMTILES || `${ROOT}data/basemap.pmtiles`;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

export type RangeAnswer =
  | { status: 200; start: 0; end: number; size: number }
  | { status: 206; start: number; end: number; size: number }
  | { status: 416; size: number };

/** Parse one `bytes=` range (the pmtiles client sends exactly one); several ranges are answered with the whole file. */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  const whole: RangeAnswer = { status: 200, start: 0, end: size - 1, size };
  if (!header) return whole;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return whole;
  let start: number, end: number;
  if (m[1] === '') {
    // suffix range: the last N bytes
    const n = Number(m[2]);
    if (n === 0) return { status: 416, size };
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || end < start) return { status: 416, size };
  return { status: 206, start, end, size };
}

/** Bytes start..end (inclusive) of the file. Ranges asked by the client are small (≤ a few hundred kB). */
export function readBytes(file: string, start: number, end: number): Uint8Array {
  const buf = new Uint8Array(end - start + 1);
  const fd = openSync(file, 'r');
  try {
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, start + off);
      if (n === 0) break;
      off += n;
    }
  } finally {
    closeSync(fd);
  }
  return buf;
}
