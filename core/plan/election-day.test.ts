import { describe, expect, it } from 'vitest';
import { checkReport, foldReports, reportInput, summarizeDay, type Report } from './election-day.ts';

let n = 0;
const rep = (o: Partial<Report>): Report => ({ id: ++n, station_id: 1, type: 'status', at: '2021-05-23T07:00:00+07:00', actor: 't', ...o });
const DAY = '2021-05-23';

describe('election day', () => {
  const reports = [
    rep({ type: 'turnout', votes: 600, at: '2021-05-23T11:00:00+07:00' }),
    rep({ type: 'status', status: 'open', at: '2021-05-23T07:00:00+07:00' }),
    rep({ type: 'situation', incident_id: 9, at: '2021-05-23T09:00:00+07:00' }),
    rep({ type: 'situation', incident_id: 10, at: '2021-05-23T09:30:00+07:00' }),
    rep({ type: 'resolved', incident_id: 9, at: '2021-05-23T10:00:00+07:00' }),
  ];

  it('folds reports in time order whatever order they arrive in', () => {
    expect(foldReports(1, reports, 1500)).toMatchObject({ status: 'open', status_at: '2021-05-23T07:00:00+07:00', votes: 600, turnout: 0.4, open_situations: [10] });
  });

  it('lets a status follow only from the one before it', () => {
    expect(() => checkReport({ type: 'status', status: 'counted' }, '2021-05-23T12:00:00+07:00', reports, 1500, DAY)).toThrow(/open cannot become counted; from open it can become paused or closed/);
    expect(() => checkReport({ type: 'status', status: 'closed' }, '2021-05-23T19:00:00+07:00', reports, 1500, DAY)).not.toThrow();
    expect(() => checkReport({ type: 'status', status: 'open' }, '2021-05-23T07:00:00+07:00', [], 1500, DAY)).not.toThrow();
  });

  it('refuses turnout that falls, exceeds the voters, comes before opening, or another day', () => {
    expect(() => checkReport({ type: 'turnout', votes: 500 }, '2021-05-23T12:00:00+07:00', reports, 1500, DAY)).toThrow(/fewer than the 600/);
    expect(() => checkReport({ type: 'turnout', votes: 1600 }, '2021-05-23T12:00:00+07:00', reports, 1500, DAY)).toThrow(/more than the 1500 registered/);
    expect(() => checkReport({ type: 'turnout', votes: 10 }, '2021-05-23T06:00:00+07:00', [], 1500, DAY)).toThrow(/has not opened/);
    expect(() => checkReport({ type: 'turnout', votes: 700 }, '2021-05-24T08:00:00+07:00', reports, 1500, DAY)).toThrow(/election day 2021-05-23/);
  });

  it('reads report inputs by type, with defaults for a situation', () => {
    expect(reportInput.parse({ type: 'situation', description: 'Tụ tập trước cổng' })).toMatchObject({ category: 'public_order', severity: 2 });
    expect(reportInput.safeParse({ type: 'status', status: 'closing' }).success).toBe(false);
  });

  it('sums statuses, situations and turnout by ward and overall', () => {
    const s = summarizeDay([
      { day: foldReports(1, reports, 1500), voters: 1500, ward_code: 'A', ward_name: 'Cổ Nhuế 1' },
      { day: foldReports(2, [], 500), voters: 500, ward_code: 'A', ward_name: 'Cổ Nhuế 1' },
      { day: foldReports(3, [rep({ station_id: 3, status: 'open' }), rep({ station_id: 3, type: 'turnout', votes: 100, at: '2021-05-23T08:00:00+07:00' })], 1000), voters: 1000, ward_code: 'B', ward_name: 'Đông Ngạc' },
    ]);
    expect(s.by_status).toMatchObject({ open: 2, not_open: 1 });
    expect(s.with_open_situations).toBe(1);
    expect(s.votes).toBe(700);
    expect(s.turnout_all).toBeCloseTo(700 / 3000);
    expect(s.turnout_reported).toBeCloseTo(700 / 2500);
    expect(s.by_ward.map((w) => [w.ward_name, w.votes, w.stations])).toEqual([['Cổ Nhuế 1', 600, 2], ['Đông Ngạc', 100, 1]]);
  });
});
