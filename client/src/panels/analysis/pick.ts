/** The features of a layer whose coded properties equal the chosen values ("" = any). */
export function pickFeatures<F extends { properties: Record<string, unknown> | null }>(features: readonly F[], filters: Record<string, string>): F[] {
  const active = Object.entries(filters).filter(([, v]) => v !== '');
  return features.filter((f) => active.every(([k, v]) => f.properties?.[k] === undefined || String(f.properties[k]) === v));
}
