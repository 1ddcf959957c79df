/**
 * A GeoJSON or CSV file read a feature at a time (./stream-geojson.ts, ./stream-csv.ts) and mapped
 * onto a layer's contract (./mapping.ts, from the first feature's columns), keeping what the
 * import's report needs: features read, columns left out, the mapping, warnings, and where the
 * feature being checked sits in the file (for the labels of errors). Run on the import's own
 * thread or, for a large file, on its reading thread (./read-ahead.ts).
 */
import type { Feature } from 'geojson';
import type { LayerId } from '../../core/layers.ts';
import { StoreError } from '../db/errors.ts';
import { checkLonLat, labelOf, nameColumns, nothing } from './import-checks.ts';
import type { IoLimits } from './limits.ts';
import { FeatureMapper, type Mapping } from './mapping.ts';
import { streamCsv } from './stream-csv.ts';
import { streamGeoJson } from './stream-geojson.ts';

export interface StreamedSummary {
  read: number;
  leftOut: Record<string, number>;
  mapping: Mapping;
  warnings: string[];
}

export class StreamedRead {
  private read = 0;
  private where: string | undefined;
  private mapper: FeatureMapper | null = null;
  private readonly warnings: string[] = [];

  constructor(
    private readonly path: string,
    private readonly format: 'csv' | 'geojson',
    private readonly layer: LayerId,
    private readonly explicit: Mapping,
    private readonly limits: IoLimits,
  ) {}

  /** The features mapped onto the layer; throws when the file holds none. */
  *bodies(): Generator<Feature> {
    const features = this.format === 'csv' ? streamCsv(this.path, this.limits, this.warnings) : streamGeoJson(this.path, this.limits);
    for (const f of features) {
      checkLonLat(f);
      this.mapper ??= new FeatureMapper(this.layer, Object.keys(f.properties), this.explicit);
      this.where = f.where;
      this.read++;
      yield this.mapper.map(f);
    }
    if (this.read === 0) throw nothing();
  }

  /** The label of feature `i`, the one read last (bulk writes ask as they check each). */
  readonly label = (i: number) => labelOf(i, this.where);

  summary(): StreamedSummary {
    const m = this.mapper;
    return { read: this.read, leftOut: m?.leftOut ?? {}, mapping: m?.mapping ?? {}, warnings: [...this.warnings, ...(m?.warnings ?? [])] };
  }

  /** `e` with properties named by the columns they came from. */
  named(e: unknown): unknown {
    return e instanceof StoreError && this.mapper ? nameColumns(e, this.mapper.mapping) : e;
  }
}
