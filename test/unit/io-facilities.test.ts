/**
 * Facilities from files of places: OSM amenity values become kinds, addresses come from
 * addr:* tags, places that are no facility are skipped and counted; a file with a `kind`
 * column is read as it is. The real Hanoi POI file (64 health facilities among bus stops) is
 * the check that the mapping holds on data nobody wrote for it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProps } from '../../core/layers.ts';
import { mapFeatures } from '../../server/io/mapping.ts';
import { facilityKind } from '../../server/io/osm.ts';
import { readFeatures } from '../../server/io/read.ts';
import { SHARED_DATA, hasSharedData } from '../support/tools.ts';

const osm = (body: string) => new TextEncoder().encode(`<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6'>\n${body}\n</osm>`);

describe('facility kinds from OSM tags', () => {
  it('maps hospital, clinic, doctors, police and fire_station; nothing else', () => {
    expect(['hospital', 'clinic', 'doctors', 'police', 'fire_station', 'school', 'pharmacy'].map((amenity) => facilityKind({ amenity }))).toEqual(['hospital', 'clinic', 'clinic', 'police', 'fire_station', null, null]);
    expect(facilityKind({ healthcare: 'hospital' })).toBe('hospital');
    expect(facilityKind({ category: 'doctors' })).toBe('clinic');
  });
});

describe('importing facilities', () => {
  it('reads an OSM extract: kinds, address, phone; bus stops and roads left out and said so', async () => {
    const xml = osm(`
      <node id="1" lat="21.05" lon="105.78"><tag k="amenity" v="hospital"/><tag k="name" v="Bệnh viện Đa khoa Y học cổ truyền"/><tag k="addr:housenumber" v="6"/><tag k="addr:street" v="Phạm Văn Đồng"/><tag k="phone" v="024 3755 0000"/></node>
      <node id="2" lat="21.06" lon="105.77"><tag k="amenity" v="police"/><tag k="name" v="Công an phường Cổ Nhuế 1"/></node>
      <node id="3" lat="21.07" lon="105.76"><tag k="amenity" v="fire_station"/></node>
      <node id="4" lat="21.07" lon="105.75"><tag k="highway" v="bus_stop"/><tag k="name" v="Bến A"/></node>
      <node id="5" lat="21.07" lon="105.74"/><node id="6" lat="21.08" lon="105.74"/>
      <way id="9"><nd ref="5"/><nd ref="6"/><tag k="highway" v="primary"/></way>`);
    const read = await readFeatures(xml, { filename: 'places.osm' });
    const m = mapFeatures('facilities', read.features);
    expect(m.features.map((f) => f.properties!.kind)).toEqual(['hospital', 'police', 'fire_station']);
    expect(m.features[0].properties).toMatchObject({ name: 'Bệnh viện Đa khoa Y học cổ truyền', address: '6 Phạm Văn Đồng', phone: '024 3755 0000' });
    expect(m.features[2].properties!.name).toBe('fire_station node 3');
    expect(m.warnings.join(' ')).toMatch(/1 places are not facilities and were skipped: bus_stop 1/);
    expect(read.warnings.join(' ')).toMatch(/1 roads in the file were not imported here/);
    for (const f of m.features) expect(parseProps('facilities', f.properties).ok).toBe(true);
  });

  it('reads a file with a kind column as it is (health stations and isolation facilities have no OSM tag)', () => {
    const m = mapFeatures('facilities', [{ geometry: { type: 'Point', coordinates: [105.78, 21.05] }, properties: { name: 'Trạm y tế phường Phú Diễn', kind: 'health_station', amenity: 'clinic' } }]);
    expect(m.features[0].properties!.kind).toBe('health_station');
  });

  it.runIf(hasSharedData('hanoi-pois.geojson'))('finds the 64 health facilities of the real Hanoi POI file and every one passes the contract', async () => {
    const read = await readFeatures(readFileSync(SHARED_DATA + 'hanoi-pois.geojson'), { filename: 'hanoi-pois.geojson' });
    const m = mapFeatures('facilities', read.features);
    expect(m.features).toHaveLength(64);
    const kinds: Record<string, number> = {};
    for (const f of m.features) kinds[String(f.properties!.kind)] = (kinds[String(f.properties!.kind)] ?? 0) + 1;
    expect(kinds).toEqual({ hospital: 30, clinic: 34 });
    expect(m.warnings.join(' ')).toMatch(/630 places are not facilities and were skipped: bus_stop 630/);
    for (const f of m.features) expect(parseProps('facilities', f.properties)).toMatchObject({ ok: true });
  });
});
