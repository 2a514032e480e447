/**
 * The outbox of LTI score posts: each score Stacklab owes an LMS line item (an exam sitting's
 * authoritative grade, or an exercise launch's best score), written in the same transaction as
 * the grade or best score it carries, and sent by the exam jobs sweep until the platform
 * accepts it: attempts, the next attempt's time (exponential backoff), the last error, and
 * when it was posted (or given up on, or replaced by a newer score before it went).
 */
import type { Kysely, Migration } from 'kysely';
import type { DatabaseKind } from '../kind.ts';

export function scoreOutbox(kind: DatabaseKind): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('lti_score_posts')
        .addColumn('id', kind === 'postgres' ? 'bigserial' : 'integer', (c) => (kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('exam_sitting_id', 'bigint', (c) => c.references('exam_sittings.id').onDelete('cascade'))
        .addColumn('line_item_id', 'bigint', (c) => c.notNull().references('lti_line_items.id').onDelete('cascade'))
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('lti_users.id').onDelete('cascade'))
        .addColumn('score', 'integer', (c) => c.notNull())
        .addColumn('max_score', 'integer', (c) => c.notNull())
        .addColumn('activity_progress', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('posted_at', 'bigint')
        .execute();
      await db.schema.createIndex('lti_score_posts_due').on('lti_score_posts').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('lti_score_posts_sitting').on('lti_score_posts').column('exam_sitting_id').execute();
      await db.schema.createIndex('lti_score_posts_target').on('lti_score_posts').columns(['line_item_id', 'user_id']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('lti_score_posts').execute();
    },
  };
}
