/**
 *   stacklab package scorm <lesson-id>... [--out file.zip] [--title "..."] [--dist dir]
 * writes a SCORM 2004 (4th Edition) zip of those lessons from the built site (dist/, made by
 * `npx astro build`). The scores it reports to the LMS are the learner's own browser's.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildScormPackage, PackageError } from '../scorm/package.ts';

export const PACKAGE_USAGE = '  stacklab package scorm <lesson-id>... [--out file.zip] [--title "..."] [--dist dir]   (needs npx astro build first)';

export class PackageUsageError extends Error {}

export function packageCommand(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, title: { type: 'string' }, dist: { type: 'string', default: 'dist' } },
  });
  const [format, ...lessons] = positionals;
  if (format !== 'scorm') throw new PackageUsageError(`unknown package format '${format ?? ''}' (only scorm)`);
  if (lessons.length === 0) throw new PackageUsageError('package scorm needs at least one lesson id');
  const out = values.out ?? `stacklab-scorm-${lessons.join('-')}.zip`.slice(0, 120);
  try {
    const zip = buildScormPackage({ distDir: values.dist, lessons, title: values.title });
    writeFileSync(out, zip);
    console.log(`Wrote ${out} (${(zip.length / 1e6).toFixed(1)} MB): SCORM 2004 4th Edition, ${lessons.length} lesson${lessons.length === 1 ? '' : 's'}. Its scores are the learner's own browser's.`);
    return 0;
  } catch (error) {
    if (error instanceof PackageError) {
      console.error(`stacklab: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
