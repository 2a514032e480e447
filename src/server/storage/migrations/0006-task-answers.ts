/**
 * An answer exercise's answers with each exam task's saved state (src/exercises/answers.ts):
 * the submitted bundle carries them, and the bundle the re-grade reads is assembled from these
 * rows, so they must be kept beside the state they are graded against. Null for a task that
 * asks nothing (and for every row saved before this migration).
 */
import type { Kysely, Migration } from 'kysely';

export function taskAnswers(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('exam_task_states').addColumn('answers', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('exam_task_states').dropColumn('answers').execute();
    },
  };
}
