/** Words by key in either language, without the app's state (index.ts adds the app's language). */
import type { Lang } from '../../../../core/i18n/lang.ts';
import { en } from './en.ts';
import { vi, type Words } from './vi.ts';

export type WordKey = keyof Words;
/** What a word needs: the arguments of a word that is a function, none for a plain word. */
export type WordArgs<K extends WordKey> = Words[K] extends (...args: infer A) => string ? A : [];

export const WORDS: Record<Lang, Words> = { vi, en };

/** A word in a given language. */
export function translate<K extends WordKey>(lang: Lang, key: K, ...args: WordArgs<K>): string {
  const word = WORDS[lang][key] as string | ((...a: unknown[]) => string);
  return typeof word === 'function' ? word(...args) : word;
}
