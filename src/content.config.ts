/**
 * Content collections: lessons (content/lessons/*.mdx) and translation tables
 * (content/tables/*.json). Both are validated by their zod schema at build time.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonIdFromPath, lessonSchema } from './schemas/lesson.ts';
import { translationTableSchema } from './schemas/translation-table.ts';

export const collections = {
  lessons: defineCollection({
    loader: glob({ pattern: '*.mdx', base: './content/lessons', generateId: ({ entry }) => lessonIdFromPath(entry) }),
    schema: lessonSchema,
  }),
  tables: defineCollection({
    loader: glob({ pattern: '*.{json,yaml,yml}', base: './content/tables' }),
    schema: translationTableSchema,
  }),
};
