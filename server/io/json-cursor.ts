/**
 * A cursor over JSON text that arrives in blocks: it finds where each value begins and ends (a
 * scan of the characters that minds strings, escapes and bracket nesting) and hands back its
 * text, which the caller gives to JSON.parse. So a file of a million features is parsed one
 * feature at a time by the engine's own parser — strict, and several times faster than a
 * token-by-token parser written in JavaScript — while memory holds one block and one value.
 *
 * The scan checks only what it needs to cut values apart (brackets that match, strings that end,
 * nesting no deeper than `maxDepth`, so JSON.parse never recurses further); JSON.parse checks the
 * rest. Every error names its place in the file as a person finds it: line and column.
 */
import { invalid, tooLarge } from './errors.ts';

const QUOTE = 34, BACKSLASH = 92, COMMA = 44, COLON = 58, NEWLINE = 10;
const OPEN_OBJECT = 123, CLOSE_OBJECT = 125, OPEN_ARRAY = 91, CLOSE_ARRAY = 93;

/** How a value is named in errors: "feature 12", "the member \"crs\"". */
export type What = () => string;

export class JsonCursor {
  /** Unread text starts at `i`; everything before it is done with. */
  private buf = '';
  private i = 0;
  private ended = false;
  /** Newlines and the current line's length in the text dropped from `buf` so far. */
  private linesBefore = 0;
  private columnBefore = 0;
  /** Bracket kinds open in the value being scanned (1: array), to catch `{"a":[1}` where it is. */
  private readonly open: Uint8Array;

  constructor(private readonly blocks: Iterator<string>, private readonly maxDepth: number, private readonly nested: () => string) {
    this.open = new Uint8Array(maxDepth + 2);
  }

  /** The next character that is not white space, without taking it; -1 at the end of the text. */
  peek(): number {
    for (;;) {
      const s = this.buf;
      for (let i = this.i; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c !== 32 && c !== NEWLINE && c !== 13 && c !== 9) {
          this.i = i;
          return c;
        }
      }
      this.i = s.length;
      if (this.more() < 0) return -1;
    }
  }

  /** Takes the next non-blank character if it is one of `chars`; otherwise an error saying what was expected `after`. */
  take(chars: string, after: string): string {
    const c = this.peek();
    if (c >= 0 && chars.includes(String.fromCharCode(c))) {
      this.i++;
      return String.fromCharCode(c);
    }
    const expected = [...chars].map((x) => `"${x}"`).join(' or ');
    throw this.error(`expected ${expected} after ${after}, found ${c < 0 ? 'the end of the file' : JSON.stringify(String.fromCharCode(c))}`, this.i);
  }

  /** A member name: a JSON string, then a colon. */
  key(after: string): string {
    if (this.peek() !== QUOTE) this.take('"', after);
    let start = this.i;
    let j = start + 1;
    for (;;) {
      const s = this.buf;
      for (; j < s.length; j++) {
        const c = s.charCodeAt(j);
        if (c === BACKSLASH) j++;
        else if (c === QUOTE) {
          const text = s.slice(start, j + 1);
          this.i = j + 1;
          const name = this.parse(text, start, () => 'a member name') as string;
          this.take(':', `the member name ${JSON.stringify(name)}`);
          return name;
        }
      }
      // j may be one past the end (an escape was the last character read): it stays there.
      const shift = this.more(start);
      if (shift < 0) throw this.error('the file ends inside a member name', start);
      [start, j] = [start - shift, j - shift];
    }
  }

  /**
   * The text of the next value (which sits `depth` brackets deep), parsed with JSON.parse. A value
   * ends where its brackets close, or for a bare number, string or word at the next comma or
   * closing bracket of its container.
   */
  value(depth: number, what: What): unknown {
    this.peek();
    let start = this.i;
    const open = this.open;
    const max = this.maxDepth - depth;
    let j = start, d = 0, inString = false;
    for (;;) {
      const s = this.buf;
      const n = s.length;
      scan: for (; j < n; j++) {
        const c = s.charCodeAt(j);
        if (inString) {
          if (c === BACKSLASH) j++;
          else if (c === QUOTE) inString = false;
        } else if (c === QUOTE) inString = true;
        else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
          if (d >= max) throw tooLarge(this.nested());
          open[d++] = c === OPEN_ARRAY ? 1 : 0;
        } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
          if (d === 0) break scan; // the container's own bracket: a bare value ended before it
          // A bracket that closes the wrong kind ends the value here, so JSON.parse says where.
          if (open[--d] !== (c === CLOSE_ARRAY ? 1 : 0) || d === 0) {
            j++;
            break scan;
          }
        } else if (c === COMMA && d === 0) break scan;
      }
      if (j < n) {
        this.i = j;
        return this.parse(this.buf.slice(start, j), start, what);
      }
      const shift = this.more(start);
      if (shift < 0) {
        if (d === 0 && !inString && j > start) {
          this.i = this.buf.length;
          return this.parse(this.buf.slice(start), start, what);
        }
        throw this.error(`the file ends inside ${what()}, which starts here`, start);
      }
      [start, j] = [start - shift, j - shift];
    }
  }

  /** Whether only white space is left. */
  atEnd(): boolean {
    return this.peek() < 0;
  }

  /** Line and column (from 1) of position `p` of the unread text. */
  where(p: number): string {
    const s = this.buf;
    let line = this.linesBefore + 1;
    let lastNl = -1;
    for (let k = s.indexOf('\n'); k >= 0 && k < p; k = s.indexOf('\n', k + 1)) {
      line++;
      lastNl = k;
    }
    const column = (lastNl < 0 ? this.columnBefore + p : p - lastNl - 1) + 1;
    return `line ${line}, column ${column}`;
  }

  /** An error at position `p` of the unread text (default: where the cursor is). */
  error(message: string, p = this.i): Error {
    return invalid(`The file is not valid JSON: ${message} (${this.where(p)}).`);
  }

  private parse(text: string, start: number, what: What): unknown {
    try {
      return JSON.parse(text);
    } catch (e) {
      const m = /^(.*) in JSON at position (\d+)/.exec((e as Error).message);
      if (m) throw this.error(`${m[1].replace(/^./, (x) => x.toLowerCase())} in ${what()}`, start + Number(m[2]));
      const detail = text.trim() === '' ? 'a value is missing' : (e as Error).message.replace(/^./, (x) => x.toLowerCase());
      throw this.error(`${detail} in ${what()}, which starts here`, start);
    }
  }

  /**
   * Appends the next block (or blocks, as many as the text kept) after dropping the text before
   * `keep` (default: the unread text), so `buf` holds about a block and the value being read. Returns how far indices moved (callers
   * subtract it from theirs), or -1 at the end of the text.
   */
  private more(keep = this.i): number {
    if (this.ended) return -1;
    // At least as much text as is kept: a value spanning many blocks (one feature of 100 MB) is then
    // copied a few times over in all, not once per block (scanning the appended text copies it whole).
    const kept = this.buf.length - keep;
    const parts: string[] = [];
    let size = 0;
    do {
      const r = this.blocks.next();
      if (r.done) {
        this.ended = true;
        break;
      }
      parts.push(r.value);
      size += r.value.length;
    } while (size < kept);
    if (!parts.length) return -1;
    this.drop(keep);
    this.buf += parts.length === 1 ? parts[0] : parts.join('');
    return keep;
  }

  private drop(keep: number): void {
    if (keep === 0) return;
    const s = this.buf;
    let nl = -1;
    for (let k = s.indexOf('\n'); k >= 0 && k < keep; k = s.indexOf('\n', k + 1)) {
      this.linesBefore++;
      nl = k;
    }
    this.columnBefore = nl < 0 ? this.columnBefore + keep : keep - nl - 1;
    this.buf = s.slice(keep);
    this.i -= keep;
  }
}
