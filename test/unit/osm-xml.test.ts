/** The OSM XML reader: what it keeps, how it decodes text, and what it refuses. */
import { describe, expect, it } from 'vitest';
import { readOsmXml, poiCategory } from '../../server/io/osm.ts';
import { DEFAULT_LIMITS } from '../../server/io/limits.ts';

const osm = (body: string) => new TextEncoder().encode(`<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6'>\n${body}\n</osm>`);

describe('readOsmXml', () => {
  it('decodes numeric and named entities and single-quoted attributes in tag values', () => {
    const r = readOsmXml(osm(`<node id='1' lat='21.05' lon='105.78'><tag k='highway' v='bus_stop'/><tag k='name' v='B&#x1EBF;n xe M&#7929; &quot;&#272;&#236;nh&quot;'/></node>`), DEFAULT_LIMITS);
    expect(r.pois[0].properties.name).toBe('Bến xe Mỹ "Đình"');
  });

  it('keeps roads but not bus stops, platforms or area highways as lines', () => {
    const nodes = `<node id="1" lat="21" lon="105.7"/><node id="2" lat="21" lon="105.71"/><node id="3" lat="21.01" lon="105.71"/>`;
    const way = (id: number, tags: string) => `<way id="${id}"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="1"/>${tags}</way>`;
    const r = readOsmXml(osm(nodes + way(10, '<tag k="highway" v="tertiary"/>') + way(11, '<tag k="highway" v="platform"/>') + way(12, '<tag k="highway" v="pedestrian"/><tag k="area" v="yes"/>')), DEFAULT_LIMITS);
    expect(r.roads.map((f) => f.properties.osm_id)).toEqual([10]);
  });

  it('classifies places: schools, clinics, police, UBND offices, cultural houses, bus stops', () => {
    expect(([{ amenity: 'school' }, { healthcare: 'doctor' }, { amenity: 'police' }, { office: 'government' }, { amenity: 'community_centre' }, { public_transport: 'platform', bus: 'yes' }, { amenity: 'bench' }, { shop: 'bakery' }] as Record<string, string>[]).map((t) => poiCategory(t))).toEqual([
      'school',
      'doctors',
      'police',
      'townhall',
      'community_centre',
      'bus_stop',
      null,
      null,
    ]);
  });

  it('refuses a file that is not OSM XML, and one with too many features', () => {
    expect(() => readOsmXml(new TextEncoder().encode('<?xml version="1.0"?><gpx></gpx>'), DEFAULT_LIMITS)).toThrow(/not OSM XML/);
    const many = Array.from({ length: 5 }, (_, i) => `<node id="${i}" lat="21" lon="105.7"><tag k="amenity" v="school"/></node>`).join('');
    expect(() => readOsmXml(osm(many), { ...DEFAULT_LIMITS, maxFeatures: 3 })).toThrow(/at most 3/);
  });
});
