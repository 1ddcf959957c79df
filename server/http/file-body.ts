/**
 * A response body read from a temporary file as the client takes it: the request thread only
 * moves one 64 KiB chunk at a time, and reads the next when the socket has taken the last
 * (@hono/node-server waits for 'drain'), so a 100 MB answer holds neither the thread nor memory.
 * The file is unlinked as soon as it is open: nothing is left behind when the client goes away,
 * the server stops, or the stream is never read (the descriptor closes with the stream, or
 * when the handle is collected).
 */
import { open } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';

const CHUNK = 64 * 1024;

/** The file at `path` as a stream; its folder (made for it alone) is removed at once. */
export async function temporaryFileBody(path: string): Promise<ReadableStream<Uint8Array>> {
  let handle;
  try {
    handle = await open(path, 'r');
  } finally {
    rmSync(dirname(path), { recursive: true, force: true });
  }
  const h = handle;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const buf = new Uint8Array(CHUNK);
        const { bytesRead } = await h.read(buf, 0, CHUNK, null);
        if (bytesRead === 0) {
          await h.close();
          controller.close();
        } else controller.enqueue(bytesRead === CHUNK ? buf : buf.subarray(0, bytesRead));
      } catch (e) {
        await h.close().catch(() => {});
        controller.error(e);
      }
    },
    cancel: () => h.close(),
  });
}
