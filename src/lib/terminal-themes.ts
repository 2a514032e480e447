/**
 * xterm colours for the site's light and dark themes. The 16 ANSI colours are chosen for
 * contrast on their background (ip's -c colour output uses several of them).
 */
import type { ITheme } from '@xterm/xterm';

export type ThemeName = 'light' | 'dark';

export const terminalThemes: Record<ThemeName, ITheme> = {
  dark: {
    background: '#15191f',
    foreground: '#dde3ea',
    cursor: '#f5c26b',
    cursorAccent: '#15191f',
    selectionBackground: '#3a5068',
    black: '#1f252d',
    red: '#ff7b72',
    green: '#7ee787',
    yellow: '#f2cc60',
    blue: '#79c0ff',
    magenta: '#d2a8ff',
    cyan: '#76e3ea',
    white: '#c9d1d9',
    brightBlack: '#6e7681',
    brightRed: '#ffa198',
    brightGreen: '#a5f0ad',
    brightYellow: '#f8e3a1',
    brightBlue: '#a5d6ff',
    brightMagenta: '#e2c5ff',
    brightCyan: '#b3f0f4',
    brightWhite: '#f0f6fc',
  },
  light: {
    background: '#fbfaf7',
    foreground: '#1d232b',
    cursor: '#a34e00',
    cursorAccent: '#fbfaf7',
    selectionBackground: '#c7dcf2',
    black: '#1d232b',
    red: '#b3261e',
    green: '#1a7f37',
    yellow: '#8a6100',
    blue: '#0550ae',
    magenta: '#8250df',
    cyan: '#1b7c83',
    white: '#6e7781',
    brightBlack: '#57606a',
    brightRed: '#cf222e',
    brightGreen: '#116329',
    brightYellow: '#704d00',
    brightBlue: '#0969da',
    brightMagenta: '#6639ba',
    brightCyan: '#0d6e75',
    brightWhite: '#8c959f',
  },
};
