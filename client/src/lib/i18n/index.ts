/**
 * The client's one way to say a word: `t('close')`, `t('commander.days', 7)`. The words are in
 * vi.ts (Vietnamese, the first language, which also gives the keys their types) and en.ts; the
 * language is the app's (`app.lang`, switched by LanguageSwitch and remembered in the browser).
 * Read inside a component's markup or a `$derived`, a word follows a language switch at once.
 *
 * Also here: numbers and days as a reader of each language writes them (format.ts), and the
 * server's validation messages in Vietnamese (contract-messages.ts).
 */
import { app } from '../app-state.svelte.ts';
import { translate, type WordArgs, type WordKey } from './translate.ts';

export { locale, LANGS, type Lang } from '../../../../core/i18n/lang.ts';
export { translate, type WordArgs, type WordKey } from './translate.ts';
export type { ParamsWords } from './vi.ts';

/** A word in the app's language. */
export function t<K extends WordKey>(key: K, ...args: WordArgs<K>): string {
  return translate(app.lang, key, ...args);
}
