import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../open.ts';
import Database from 'better-sqlite3';
import { listPage } from './feature-queries.ts';
import { readPointPage } from './point-page.mjs';
import { ReadThread } from './read-thread.ts';

let dir: string;
let file: string;
let db: Db;
const threads: ReadThread[] = [];
const thread = (f = file) => {
  const t = new ReadThread(f);
  threads.push(t);
  return t;
};

function addCheckpoint(x: number, y: number, name: string) {
  const at = '2021-05-01T00:00:00.000Z';
  db.sqlite
    .prepare(`INSERT INTO features (collection, properties, geometry, minx, miny, maxx, maxy, created_at, updated_at) VALUES ('checkpoints', ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(JSON.stringify({ name }), JSON.stringify({ type: 'Point', coordinates: [x, y] }), x, y, x, y, at, at);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsmap-read-thread-'));
  file = join(dir, 'a.sqlite');
  db = openDatabase(file);
  for (let i = 0; i < 30; i++) addCheckpoint(105.77 + i * 0.001, 21.06, `Chốt ${i + 1}`);
});

afterEach(async () => {
  await Promise.all(threads.splice(0).map((t) => t.close()));
  db.sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

const whole = { w: -180, s: -90, e: 180, n: 90 };
const countAll = { ids: 'SELECT json_group_array(id) FROM features WHERE minx >= @w AND maxx <= @e AND miny >= @s AND maxy <= @n', rows: 'SELECT CAST(? AS BLOB)' };

describe('ReadThread', () => {
  it('gives the same page as the connection itself, read on the thread', async () => {
    const t = thread();
    expect(await t.started).toBe(true);
    const page = vi.spyOn(t, 'page');
    const q = { bbox: [105.7745, 21.05, 105.7905, 21.07] as [number, number, number, number], limit: 7, offset: 3 };
    const own = await listPage(db, 'checkpoints', q);
    const read = await listPage(db, 'checkpoints', q, t);
    // read there indeed: a thread answering undefined would have sent the caller to its own connection
    expect(await page.mock.results[0].value).toBeDefined();
    expect([read.numberMatched, read.numberReturned]).toEqual([16, 7]);
    expect(Buffer.from(read.features).toString()).toBe(Buffer.from(own.features).toString());
    expect(JSON.parse(`[${Buffer.from(read.features).toString()}]`).map((f: { properties: { name: string } }) => f.properties.name)).toEqual(
      ['Chốt 9', 'Chốt 10', 'Chốt 11', 'Chốt 12', 'Chốt 13', 'Chốt 14', 'Chốt 15'],
    );
    // room around the texts in their buffer, for the route to write the collection in (FeaturePage.room)
    for (const p of [own, read]) {
      expect(p.room).toBeDefined();
      expect(p.features.byteOffset).toBeGreaterThanOrEqual(p.room!.before);
      expect(p.features.buffer.byteLength - p.features.byteOffset - p.features.byteLength).toBeGreaterThanOrEqual(p.room!.after);
      // the buffer is the page's alone (not a slice of a pool another value shares): writing in the room harms nothing
      expect(p.features.buffer.byteLength).toBe(p.features.byteOffset + p.features.byteLength + p.room!.after);
    }
    const past = await listPage(db, 'checkpoints', { ...q, offset: 20 }, t);
    expect([past.numberMatched, past.numberReturned, past.features.byteLength]).toEqual([16, 0, 0]);
  });

  it('reads the count and the page in one snapshot: a write committed between its two statements is not half seen', () => {
    const reader = new Database(file, { readonly: true });
    try {
      const names = { ids: countAll.ids, rows: `SELECT CAST(group_concat(json_extract(f.properties, '$.name'), ',') AS BLOB) FROM json_each(?) j CROSS JOIN features f ON f.id = j.value` };
      const first = db.sqlite.prepare("SELECT min(id) FROM features WHERE collection = 'checkpoints'").pluck().get();
      // Right after the ids are read, the server deletes the page's first point.
      const prepared = (text: string) => {
        const st = reader.prepare(text);
        if (text !== names.ids) return st;
        return { pluck: () => ({ get: (box: unknown) => {
          const ids = st.pluck().get(box);
          db.sqlite.prepare('DELETE FROM features WHERE id = ?').run(first);
          return ids;
        } }) };
      };
      const [matched, page] = readPointPage(prepared as never, names, whole, 5, 0);
      expect(matched).toBe(30);
      expect(Buffer.from(page!).toString().split(',')).toEqual(['Chốt 1', 'Chốt 2', 'Chốt 3', 'Chốt 4', 'Chốt 5']);
    } finally {
      reader.close();
    }
  });

  it('sees every write committed before the read, as the server connection does', async () => {
    const t = thread();
    await t.started;
    expect((await t.page(countAll, whole, 100, 0))?.[0]).toBe(30);
    addCheckpoint(105.8, 21.06, 'Mới');
    expect((await t.page(countAll, whole, 100, 0))?.[0]).toBe(31);
    await expect(t.page({ ...countAll, ids: 'SELECT * FROM missing_table' }, whole, 100, 0)).rejects.toThrow(/no such table/);
  });

  it('hands a read in flight back unanswered when the thread ends, so that its caller reads it itself', async () => {
    const t = thread();
    await t.started;
    const slow = { ids: 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000 + @w - @w + @s - @s + @e - @e + @n - @n) SELECT json_array(count(*)) FROM n', rows: 'SELECT CAST(? AS BLOB)' };
    const inFlight = t.page(slow, whole, 100, 0);
    await t.close();
    expect(await inFlight).toBeUndefined();
  });

  it('takes three pages at once; a fourth is left to the caller while they are read', async () => {
    const t = thread();
    await t.started;
    const slow = { ids: 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000 + @w - @w + @s - @s + @e - @e + @n - @n) SELECT json_array(count(*)) FROM n', rows: 'SELECT CAST(? AS BLOB)' };
    const inHand = [t.page(slow, whole, 100, 0), t.page(slow, whole, 100, 0), t.page(slow, whole, 100, 0)];
    for (const p of inHand) expect(p).toBeDefined();
    expect(t.page(countAll, whole, 100, 0)).toBeUndefined();
    for (const p of inHand) expect((await p)?.[0]).toBe(1);
    expect((await t.page(countAll, whole, 100, 0))?.[0]).toBe(30);
  });

  it('answers nothing until it has started, after it is closed, or when it could not open the file: the caller reads itself', async () => {
    const t = thread();
    expect(t.page(countAll, whole, 100, 0)).toBeUndefined();
    await t.started;
    await t.close();
    expect(t.page(countAll, whole, 100, 0)).toBeUndefined();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const missing = thread(join(dir, 'none.sqlite'));
    expect(await missing.started).toBe(false);
    expect(missing.page(countAll, whole, 100, 0)).toBeUndefined();
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/read thread failed/));
    error.mockRestore();
  });
});
