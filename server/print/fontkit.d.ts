// fontkit ships no types; the printer uses only openSync and glyph layout (typed where used, in text.ts).
declare module 'fontkit';
