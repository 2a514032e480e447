/**
 * Builds a SCORM 2004 (4th Edition) zip of some lessons from the built site (dist/): each
 * lesson's page as a SCO, the site's scripts, styles and guest image as a shared asset, the
 * SCORM adapter (./scorm-adapter.js) and imsmanifest.xml. The packaged pages load everything
 * by relative URLs, since an LMS serves a package under a path of its own.
 *
 * @example
 * const zip = buildScormPackage({ distDir: 'dist', lessons: ['veth-pairs'] });
 * writeFileSync('stacklab-scorm.zip', zip);
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { lessonLinks } from '../exercises/lesson-links.ts';
import { readLessons } from '../exercises/lint.ts';
import { isCompressedCopy } from '../integrations/precompress.ts';
import { scormManifest } from './manifest.ts';

export const ADAPTER_PATH = 'scorm/stacklab-scorm.js';
export const adapterSource = () => readFileSync(join(import.meta.dirname, 'scorm-adapter.js'), 'utf8');

export class PackageError extends Error {}

export interface PackageOptions {
  distDir: string;
  lessons: readonly string[];
  title?: string;
  /** Each lesson's exercises, in page order; by default read from content/lessons/. */
  exercisesOf?: ReadonlyMap<string, readonly string[]>;
}

/** Files an LMS needs besides the lesson pages: the site's own assets. Other pages stay out. */
const SHARED_DIRS = ['_astro', 'vm'];
const SHARED_FILES = ['favicon.svg'];
/** Already compressed: stored as they are. */
const STORED = /\.(zst|gz|png|jpe?g|webp|woff2?)$/;

function walk(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(root, path) : [path.split(sep).join('/')];
  });
}

/** The site's root from a lesson page (lessons/<id>/index.html). */
const ROOT_FROM_LESSON = '../../';

/** A lesson page that works under any path: relative URLs, its exercises named, the adapter loaded. */
export function packagedLessonPage(html: string, exercises: readonly string[], packagedLessons: readonly string[] = []): string {
  const relativeUrls = html.replace(/\b(href|src)="\/(?!\/)([^"]*)"/g, (_m, attribute: string, path: string) => {
    // A link to another lesson of the package names its page: an LMS serves files, not folders.
    const lesson = path.match(/^lessons\/([^/]+)\/$/)?.[1];
    return `${attribute}="${ROOT_FROM_LESSON}${path}${lesson && packagedLessons.includes(lesson) ? 'index.html' : ''}"`;
  });
  const head = [`<meta name="stacklab-scorm-exercises" content="${exercises.join(' ')}">`, `<script src="${ROOT_FROM_LESSON}${ADAPTER_PATH}" defer></script>`].join('\n');
  const headEnd = relativeUrls.indexOf('</head>');
  if (headEnd < 0) throw new PackageError('A built lesson page has no </head>; rebuild the site with `npx astro build`.');
  // Ahead of the page's own scripts, the inline ones too (the early VM's in EarlyVm.astro): they read it.
  const root = `<script>self.STACKLAB_ROOT = new URL(${JSON.stringify(ROOT_FROM_LESSON)}, location.href).href;</script>`;
  const firstScript = relativeUrls.indexOf('<script');
  const rootAt = firstScript >= 0 && firstScript < headEnd ? firstScript : headEnd;
  const withRoot = `${relativeUrls.slice(0, rootAt)}${root}${relativeUrls.slice(rootAt)}`;
  return withRoot.replace('</head>', `${head}\n</head>`);
}

/**
 * The package's root as a built script finds it: the page says it (STACKLAB_ROOT); a worker,
 * which has no page, finds it from its own script's address, since every script is in _astro/.
 */
const PACKAGE_ROOT = '(self.STACKLAB_ROOT||new URL("../",import.meta.url).href)';

/**
 * The site's scripts fetch the guest image and their own chunks from the site root, and the
 * bundler's preload helper prefixes chunk paths with the root ('/'): from the package root instead.
 */
export function packagedScript(js: string): string {
  return js
    .replace(/`\/(vm|_astro)\//g, (_m, dir: string) => `\`\${${PACKAGE_ROOT}}${dir}/`)
    .replace(/function\((\w+)\)\{return`\/`\+\1\}/g, (_m, name: string) => `function(${name}){return${PACKAGE_ROOT}+${name}}`);
}

const titleOf = (html: string, fallback: string) => html.match(/<title>([^<]*)<\/title>/)?.[1]?.replace(/&amp;/g, '&').trim() || fallback;

export function buildScormPackage(options: PackageOptions): Uint8Array {
  const { distDir } = options;
  if (!existsSync(join(distDir, 'lessons'))) throw new PackageError(`${distDir}/ has no built lessons. Build the site first: npx astro build`);
  if (options.lessons.length === 0) throw new PackageError('Name at least one lesson id (ls content/lessons, without the number and .mdx).');
  const exercisesOf = options.exercisesOf ?? lessonLinks(readLessons()).exercisesOf;
  const files: Zippable = {};
  const encoder = new TextEncoder();
  const lessons = options.lessons.map((id) => {
    const page = join(distDir, 'lessons', id, 'index.html');
    if (!existsSync(page)) throw new PackageError(`No built page for lesson '${id}' (${page}). Check the id, or rebuild the site with npx astro build.`);
    const html = readFileSync(page, 'utf8');
    const href = `lessons/${id}/index.html`;
    files[href] = encoder.encode(packagedLessonPage(html, exercisesOf.get(id) ?? [], options.lessons));
    return { id, title: titleOf(html, id), href };
  });
  const shared: string[] = [ADAPTER_PATH];
  files[ADAPTER_PATH] = encoder.encode(adapterSource());
  for (const path of [...SHARED_DIRS.filter((d) => existsSync(join(distDir, d))).flatMap((d) => walk(distDir, d)), ...SHARED_FILES.filter((f) => existsSync(join(distDir, f)))]) {
    const full = join(distDir, path);
    // The build's compressed copies are for a server that negotiates them; an LMS serves each file as it is.
    if (!statSync(full).isFile() || isCompressedCopy(path)) continue;
    const bytes = new Uint8Array(readFileSync(full));
    files[path] = path.endsWith('.js') ? encoder.encode(packagedScript(new TextDecoder().decode(bytes))) : STORED.test(path) ? [bytes, { level: 0 }] : bytes;
    shared.push(path);
  }
  const title = options.title ?? (lessons.length === 1 ? lessons[0]!.title : `Stacklab: ${lessons.length} lessons`);
  files['imsmanifest.xml'] = encoder.encode(scormManifest({ identifier: `stacklab-${options.lessons.join('-')}`.slice(0, 200), title, lessons, sharedFiles: shared }));
  return zipSync(files, { level: 6 });
}
