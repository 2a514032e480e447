/**
 * The lessons as the site builds them, read in Node: each file's frontmatter parsed by Astro's own
 * frontmatter parser and validated by the lesson schema, in course order, with the MDX body the
 * Run commands come from; and the translation tables the lessons show.
 */
import { parseFrontmatter } from '@astrojs/internal-helpers/frontmatter';
import { readdirSync, readFileSync } from 'node:fs';
import type { LabLesson } from '../../src/lib/lab.ts';
import { lessonIdFromPath, lessonSchema } from '../../src/schemas/lesson.ts';
import { translationTableSchema } from '../../src/schemas/translation-table.ts';

export interface CourseLesson extends LabLesson {
  file: string;
  body: string;
}

export function courseLessons(dir = 'content/lessons'): CourseLesson[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.mdx'))
    .map((file) => {
      const { frontmatter, content } = parseFrontmatter(readFileSync(`${dir}/${file}`, 'utf8'));
      const parsed = lessonSchema.safeParse(frontmatter);
      if (!parsed.success) throw new Error(`${dir}/${file}: its frontmatter is not valid: ${parsed.error.message}`);
      return { file, id: lessonIdFromPath(file), data: parsed.data, body: content };
    })
    .sort((a, b) => a.data.order - b.data.order);
}

export const table = (name: string) => translationTableSchema.parse(JSON.parse(readFileSync(`content/tables/${name}.json`, 'utf8')));
