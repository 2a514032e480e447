/**
 * Each learner's best earned score on an exercise beside the whole one: the score without the
 * checks the exercise's set-up already satisfies (earnedScore, src/grading/report.ts), which is
 * what the dashboard's heat shows. A row from before this migration has only the whole score,
 * and keeps it as its earned one.
 */
import type { Kysely, Migration } from 'kysely';

export function earnedProgress(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('progress').addColumn('best_earned', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('progress').addColumn('earned_max', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.updateTable('progress').set((eb) => ({ best_earned: eb.ref('best_score'), earned_max: eb.ref('max_score') })).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('progress').dropColumn('earned_max').execute();
      await db.schema.alterTable('progress').dropColumn('best_earned').execute();
    },
  };
}
