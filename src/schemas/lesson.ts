/**
 * The frontmatter every lesson in content/lessons/*.mdx must carry. Astro validates it
 * at build time; a wrong field fails the build with the file and the field named.
 *
 * @example
 * ---
 * title: Namespaces as VRFs
 * summary: Two namespaces, red and blue, and what each one cannot see.
 * order: 2
 * part: Foundations
 * prerequisites: [translation-table]
 * lab: fresh                      # or: lab: { after: [translation-table] }
 * ---
 */
import { z } from 'zod';

/** Lower-case words joined by hyphens: the shape of lesson and exercise ids. */
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    error: (issue) => `Expected lower-case words joined by hyphens (like "namespaces-as-vrfs"), received ${JSON.stringify(issue.input)}.`,
  });

/**
 * The VM state a lesson starts from. `fresh` is the snapshot; `{ after: [ids] }` is the state
 * those earlier lessons build (each on its own lab), made by running their Run commands in
 * order. The lesson page's "Set up this lesson's lab" button prepares it (src/lib/lab.ts).
 */
export const labSchema = z.union([z.literal('fresh'), z.strictObject({ after: z.array(slugSchema).min(1) })], {
  error: (issue) =>
    `Expected lab: fresh, or lab: { after: [lesson ids] } naming earlier lessons whose state this one starts from; received ${JSON.stringify(issue.input)}.`,
});
export type Lab = z.output<typeof labSchema>;

export const lessonSchema = z.strictObject({
  title: z
    .string({ error: 'Expected a title, e.g. title: Namespaces as VRFs' })
    .min(3)
    .max(80)
    .describe('Shown as the page heading, in the sidebar and on the course map.'),
  summary: z
    .string({ error: 'Expected a one-sentence summary of what the learner will do.' })
    .min(10)
    .max(240)
    .describe('One sentence on the course map and in the page description: what the learner will do.'),
  order: z
    .number({ error: 'Expected order to be a number, e.g. order: 3' })
    .int()
    .positive()
    .describe('Position in the course, unique across lessons; previous/next links follow it.'),
  part: z
    .string({ error: 'Expected the name of the course part, e.g. part: Foundations' })
    .min(1)
    .describe('The course part this lesson belongs to; lessons of one part are grouped on the course map.'),
  prerequisites: z
    .array(slugSchema)
    .default([])
    .describe('Ids of lessons (file name without its number prefix) the learner should finish first.'),
  lab: labSchema
    .default('fresh')
    .describe("The VM state the lesson starts from: fresh (the snapshot) or { after: [lesson ids] }, what those earlier lessons' Run commands build; the page's \"Set up this lesson's lab\" button prepares it."),
});

/** What an author writes (prerequisites and lab may be left out). A lesson's exercises are its <Exercise id> tags (src/exercises/lesson-links.ts). */
export type LessonFrontmatterInput = z.input<typeof lessonSchema>;
/** What the site works with after validation. */
export type LessonFrontmatter = z.output<typeof lessonSchema>;

/**
 * A lesson's id is its file name without the number that orders the files, so progress,
 * links and prerequisites stay valid when lessons are renumbered.
 *
 * @example lessonIdFromPath('02-namespaces-as-vrfs.mdx') // 'namespaces-as-vrfs'
 */
export function lessonIdFromPath(path: string): string {
  const file = path.split('/').pop() ?? path;
  return file.replace(/\.mdx?$/, '').replace(/^\d+-/, '');
}
