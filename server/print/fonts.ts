/**
 * The fonts embedded in printed PDFs: Noto Sans (the screen map's label font), complete TTFs
 * with Latin and Vietnamese in one file. pdfkit's built-in fonts are WinAnsi only and would
 * garble diacritics; pdfkit subsets these on embedding, so a page carries only its glyphs.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const pkg = dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans/package.json'));

export const FONT_REGULAR = join(pkg, '400Regular', 'NotoSans_400Regular.ttf');
export const FONT_BOLD = join(pkg, '700Bold', 'NotoSans_700Bold.ttf');
