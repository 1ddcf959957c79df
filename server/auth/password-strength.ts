/**
 * How guessable a password is, offline: zxcvbn-ts with its common-password, name and English
 * dictionaries (no request leaves the server). A check takes 20–200 ms and loading the
 * dictionaries ~0.5 s, so it runs on a worker thread (server/workers/tasks.ts).
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

let factory: ZxcvbnFactory | null = null;

export interface Strength {
  /** 0 (guessed at once) … 4 (very unguessable) */
  score: number;
  warning: string | null;
  suggestions: string[];
}

export function passwordStrength(input: { password: string; userInputs: string[] }): Strength {
  factory ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs, translations: en.translations });
  const r = factory.check(input.password.slice(0, 256), input.userInputs);
  return { score: r.score, warning: r.feedback.warning || null, suggestions: r.feedback.suggestions };
}
