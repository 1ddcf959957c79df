/**
 * GET /api/print and the print jobs, through the real app on a temporary database.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkpoint, makeTestApp, WARD_A, WARD_B, type TestApp } from '../support/app.ts';
import { hasTools } from '../support/tools.ts';

let t: TestApp;
beforeEach(async () => {
  t = makeTestApp();
  for (const w of [WARD_A, WARD_B]) expect((await t.req('/api/collections/wards/items', { method: 'POST', json: w })).status).toBe(201);
  const cp = checkpoint(105.78, 21.06, { name: 'Chốt Cổ Nhuế – cổng Bắc', kind: 'epidemic' });
  expect((await t.req('/api/collections/checkpoints/items', { method: 'POST', json: cp })).status).toBe(201);
});
afterEach(() => t.close());

const tmp = mkdtempSync(join(tmpdir(), 'opsmap-print-api-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const pdfText = (pdf: ArrayBuffer, ...args: string[]) => {
  const file = join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, Buffer.from(pdf));
  return execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });
};
const pdfPages = (pdf: ArrayBuffer) => {
  const file = join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, Buffer.from(pdf));
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
};

describe('GET /api/print', () => {
  it.skipIf(!hasTools('pdftotext', 'pdfinfo'))('prints a ward by its code, titled with its name, as an inline PDF with a readable file name', async () => {
    const r = await t.req('/api/print?area=ward:00611&paper=A4&orientation=portrait&scale=10000&table=true&classification=L%C6%B0u%20h%C3%A0nh%20n%E1%BB%99i%20b%E1%BB%99');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-disposition')).toBe('inline; filename="phuong-co-nhue-1.pdf"');
    const pdf = await r.arrayBuffer();
    expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text.split('\n')[0]).toBe('Phường Cổ Nhuế 1');
    expect(text).toContain('Lưu hành nội bộ');
    expect(text).toMatch(/Tỉ lệ 1:10\s000/);
    expect(pdfText(pdf, '-raw', '-f', '2')).toContain('Chốt Cổ Nhuế – cổng Bắc');
  });

  it.skipIf(!hasTools('pdftotext'))('prints a ward by its feature id, and a drawn box with the title given', async () => {
    const items = await (await t.req('/api/collections/wards/items?code=00598')).json();
    const r = await t.req(`/api/print?area=ward:${items.features[0].id}&lang=en`);
    expect(r.status).toBe(200);
    expect(pdfText(await r.arrayBuffer()).split('\n')[0]).toBe('Phường Xuân Đỉnh');
    const box = await t.req(`/api/print?area=bbox:105.775,21.055,105.785,21.065&title=${encodeURIComponent('Khu vực chốt')}&scale=5000&grid=latlon`);
    expect(box.status).toBe(200);
    expect(pdfText(await box.arrayBuffer())).toContain('Khu vực chốt');
  });

  it('names the wrong parameter in a 400 problem', async () => {
    for (const [query, param] of [
      ['area=ward:00611&scale=3000', 'scale'],
      ['area=ward:00611&paper=A0', 'paper'],
      ['area=bbox:106,21,105,22', 'area'],
      ['area=ward:00611&layers=roads', 'layers'],
      ['area=ward:00611&margin=2', 'margin'],
      ['area=ward:00611&colour=red', 'colour'],
      ['paper=A4', 'area'],
      ['area=ward:00611&rings=100', 'rings'],
    ]) {
      const r = await t.req(`/api/print?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      const body = await r.json();
      expect(body.issues.map((i: { path: string }) => i.path), query).toContain(param);
      expect(body.detail).toContain(param);
    }
  });

  it('answers 404 for a ward or zone that is not there', async () => {
    const r = await t.req('/api/print?area=ward:99999');
    expect(r.status).toBe(404);
    expect((await r.json()).issues[0].path).toBe('area');
    expect((await t.req('/api/print?area=zone:12345')).status).toBe(404);
  });

  it('lets every signed-in role print, and nobody else', async () => {
    expect((await t.req('/api/print?area=ward:00611', { as: 'viewer' })).status).toBe(200);
    expect((await t.req('/api/print?area=ward:00611', { as: 'anonymous' })).status).toBe(401);
  });

  it('is in the OpenAPI document with its parameters', async () => {
    const doc = await (await t.req('/api/api')).json();
    const names = doc.paths['/print'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['area', 'paper', 'orientation', 'margin', 'scale', 'dpi', 'title', 'subtitle', 'classification', 'layers', 'grid', 'table', 'atlas', 'rings', 'lang']));
    expect(doc.paths['/print/jobs/{jobId}']).toBeTruthy();
  });
});

describe('print jobs', () => {
  it.skipIf(!hasTools('pdfinfo'))('runs an atlas in the background, reports progress, then serves the PDF with one page per ward', async () => {
    const start = await t.req('/api/print/jobs?atlas=wards&title=Qu%E1%BA%ADn%20B%E1%BA%AFc%20T%E1%BB%AB%20Li%C3%AAm', { method: 'POST' });
    expect(start.status).toBe(202);
    const job = await start.json();
    expect(start.headers.get('location')).toBe(`/api/print/jobs/${job.id}`);
    let state = job;
    for (let i = 0; i < 200 && state.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      state = await (await t.req(`/api/print/jobs/${job.id}`)).json();
    }
    expect(state).toMatchObject({ state: 'done', done: 2, total: 2 });
    const pdf = await t.req(state.links.find((l: { rel: string }) => l.rel === 'enclosure').href);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-disposition')).toBe('inline; filename="quan-bac-tu-liem.pdf"');
    expect(pdfPages(await pdf.arrayBuffer())).toBe(2);
  });

  it('answers 404 for an unknown job', async () => {
    expect((await t.req('/api/print/jobs/nope')).status).toBe(404);
  });
});
