/** The one style definition shared by the screen map and the print. */
export { LABEL_FONT, LABEL_FONT_BOLD, BACKGROUND_COLOR, CHECKPOINT_KIND_COLOR, ZONE_LEVEL_COLOR, STATION_COLOR, INCIDENT_CATEGORY_COLOR, rulesFor } from './definition.ts';
export { layerStyles, mapLayerIds, mapStyle, labelSource, AREA_LAYERS, LAYER_KEY, type MapStyleOptions } from './layers.ts';
export { legendEntries, symbolFor, labelFor, type LegendEntry, type Primitive, type Label } from './legend.ts';
export { valueLabel, propertyLabel, VALUE_LABELS, PROPERTY_LABELS } from './labels.ts';
export { resolve, type Lang, type Rule } from './rules.ts';
