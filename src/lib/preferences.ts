/**
 * Small display preferences (theme, terminal font size, screen-reader mode, pane split),
 * stored in localStorage and validated on read. A blocked or damaged store falls back to
 * the defaults: preferences are never worth an error.
 */
import { z } from 'zod';
import { dispatch } from './events.ts';

export const preferencesSchema = z.object({
  theme: z.enum(['system', 'light', 'dark']).default('system').describe('"system" follows prefers-color-scheme.'),
  fontSize: z.number().int().min(10).max(28).default(14).describe('Terminal font size in CSS pixels.'),
  screenReader: z.boolean().default(false).describe("xterm's screenReaderMode: an accessible text copy of the terminal."),
  split: z.number().min(25).max(75).default(50).describe('Width of the lesson text, as a percentage of the workspace.'),
  terminalOpen: z.boolean().default(true).describe('On narrow screens, whether the terminal pane is expanded.'),
  topologyOpen: z.boolean().default(false).describe('Whether the topology panel under the terminal is open.'),
  topologyText: z.boolean().default(false).describe('Whether the topology panel shows a text list instead of the picture.'),
});
export type Preferences = z.output<typeof preferencesSchema>;

export const PREFERENCES_KEY = 'stacklab:preferences';

export function readPreferences(): Preferences {
  try {
    const text = window.localStorage.getItem(PREFERENCES_KEY);
    const parsed = preferencesSchema.safeParse(text ? JSON.parse(text) : {});
    if (parsed.success) return parsed.data;
  } catch {
    // Blocked storage or invalid JSON: use the defaults.
  }
  return preferencesSchema.parse({});
}

export function writePreferences(change: Partial<Preferences>): Preferences {
  const next = preferencesSchema.parse({ ...readPreferences(), ...change });
  try {
    window.localStorage.setItem(PREFERENCES_KEY, JSON.stringify(next));
  } catch {
    // Not saved; the change still applies to this page.
  }
  dispatch('stacklab:preferences', next);
  return next;
}
