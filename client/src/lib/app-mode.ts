/**
 * Which view the app shows, planning or command, remembered in the URL hash beside the map view
 * (`#map=…&layers=…&mode=command`), so a commander's link or reload opens the commander's view.
 */
export type AppMode = 'plan' | 'command';

export function parseMode(hash: string): AppMode {
  return new URLSearchParams(hash.replace(/^#/, '')).get('mode') === 'command' ? 'command' : 'plan';
}

/** The hash with this mode (planning, the default, is written as no mode at all). */
export function withMode(hash: string, mode: AppMode): string {
  // URLSearchParams would escape the slashes and commas of the view; keep the hash as written.
  const rest = hash
    .replace(/^#/, '')
    .split('&')
    .filter((p) => p && !p.startsWith('mode='))
    .join('&');
  const out = mode === 'command' ? (rest ? `${rest}&mode=command` : 'mode=command') : rest;
  return out ? `#${out}` : '';
}
