/**
 * Light and dark themes: "system" follows prefers-color-scheme, and the toggle stores an
 * explicit choice. The resolved theme is html[data-theme]; an inline script in the page
 * head sets it before first paint (see layouts/Base.astro) and this module keeps it current.
 */
import { dispatch } from './events.ts';
import { readPreferences, writePreferences, type Preferences } from './preferences.ts';
import type { ThemeName } from './terminal-themes.ts';

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

export function resolveTheme(choice: Preferences['theme'] = readPreferences().theme): ThemeName {
  if (choice === 'system') return darkQuery().matches ? 'dark' : 'light';
  return choice;
}

/** The theme the page shows now. */
export function currentTheme(): ThemeName {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

/** Sets html[data-theme] and tells listeners (the terminal) through the 'stacklab:theme' event. */
export function applyTheme(theme: ThemeName = resolveTheme()): void {
  document.documentElement.dataset.theme = theme;
  dispatch('stacklab:theme', theme);
}

/** Flips between light and dark, storing the explicit choice. */
export function toggleTheme(): ThemeName {
  const next: ThemeName = currentTheme() === 'dark' ? 'light' : 'dark';
  // Choosing what the system already shows means "follow the system" again.
  writePreferences({ theme: next === (darkQuery().matches ? 'dark' : 'light') ? 'system' : next });
  applyTheme(next);
  return next;
}

/** Follows the operating system's theme while the learner has not picked one. */
export function followSystemTheme(): void {
  darkQuery().addEventListener('change', () => {
    if (readPreferences().theme === 'system') applyTheme();
  });
}
