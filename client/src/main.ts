import { mount } from 'svelte';
// The UI font, bundled (no font CDN): the subsets for Vietnamese text.
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/latin-ext-400.css';
import '@fontsource/noto-sans/vietnamese-400.css';
import '@fontsource/noto-sans/latin-700.css';
import '@fontsource/noto-sans/latin-ext-700.css';
import '@fontsource/noto-sans/vietnamese-700.css';
import './panels/side-panel.css';
import AuthGate from './lib/auth-gate.svelte';
import { preloadLabelFonts } from './map/fonts.ts';

preloadLabelFonts();

// The sign-in screen first; the map (App) once signed in.
mount(AuthGate, { target: document.getElementById('app')! });
