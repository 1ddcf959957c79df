/**
 * Label fonts drawn from files this app serves itself (MapLibre's `font-faces`), so labels need
 * no glyph server and no network: Noto Sans split by Unicode subset, bundled by Vite into dist/.
 * MapLibre rasterises each grapheme cluster with the browser's text engine, so Vietnamese letters
 * with stacked marks (ổ, ệ, ữ) come out as one correctly placed shape.
 */
import type { FontFacesSpecification } from 'maplibre-gl';
import { LABEL_FONT, LABEL_FONT_BOLD } from '../../../core/style/index.ts';
import latin400 from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import latinExt400 from '@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff2?url';
import vietnamese400 from '@fontsource/noto-sans/files/noto-sans-vietnamese-400-normal.woff2?url';
import latin700 from '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2?url';
import latinExt700 from '@fontsource/noto-sans/files/noto-sans-latin-ext-700-normal.woff2?url';
import vietnamese700 from '@fontsource/noto-sans/files/noto-sans-vietnamese-700-normal.woff2?url';

// The subsets' ranges as @fontsource/noto-sans declares them (index.css); the Vietnamese file is
// listed first so that it, not latin-ext, draws the letters both cover.
const VIETNAMESE = ['U+0102-0103', 'U+0110-0111', 'U+0128-0129', 'U+0168-0169', 'U+01A0-01A1', 'U+01AF-01B0', 'U+0300-0301', 'U+0303-0304', 'U+0308-0309', 'U+0323', 'U+0329', 'U+1EA0-1EF9', 'U+20AB'];
const LATIN = ['U+0000-00FF', 'U+0131', 'U+0152-0153', 'U+02BB-02BC', 'U+02C6', 'U+02DA', 'U+02DC', 'U+0304', 'U+0308', 'U+0329', 'U+2000-206F', 'U+20AC', 'U+2122', 'U+2191', 'U+2193', 'U+2212', 'U+2215', 'U+FEFF', 'U+FFFD'];
const LATIN_EXT = ['U+0100-02BA', 'U+02BD-02C5', 'U+02C7-02CC', 'U+02CE-02D7', 'U+02DD-02FF', 'U+1D00-1DBF', 'U+1E00-1E9F', 'U+1EF2-1EFF', 'U+2020', 'U+20A0-20AB', 'U+20AD-20C0', 'U+2113', 'U+2C60-2C7F', 'U+A720-A7FF'];

// Absolute URLs on our own origin: MapLibre fetches them itself.
const abs = (u: string) => new URL(u, document.baseURI).href;

export function labelFontFaces(): FontFacesSpecification {
  const faces = (vn: string, lat: string, ext: string) => [
    { url: abs(vn), 'unicode-range': VIETNAMESE },
    { url: abs(lat), 'unicode-range': LATIN },
    { url: abs(ext), 'unicode-range': LATIN_EXT },
  ];
  return { [LABEL_FONT]: faces(vietnamese400, latin400, latinExt400), [LABEL_FONT_BOLD]: faces(vietnamese700, latin700, latinExt700) };
}

/**
 * Starts downloading the label fonts at once, while the page signs in and the data loads:
 * MapLibre asks for them only when its first labels are laid out, after the data has arrived,
 * and then waits for them. Its later requests for the same URLs are answered from the HTTP
 * cache (the files are content-hashed and served as immutable).
 */
export function preloadLabelFonts(): void {
  for (const u of [vietnamese400, latin400, latinExt400, vietnamese700, latin700, latinExt700]) void fetch(abs(u)).catch(() => undefined);
}
