/**
 * Terminal peek: a request from an instructor to see one learner's terminal (requested, then
 * active once the learner accepts, or declined; ended by either side), and the short-lived
 * frames of terminal output the learner's tab relays while it is active. Only a bounded recent
 * window of frames is kept per peek, and none once it ends.
 */
import type { Kysely, Migration } from 'kysely';
import type { DatabaseKind } from '../kind.ts';

export function peek(kind: DatabaseKind): Migration {
  const id = kind === 'postgres' ? (['id', 'bigserial'] as const) : (['id', 'integer'] as const);
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('peeks')
        .addColumn(id[0], id[1], (c) => (kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('workshop_id', 'bigint', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
        .addColumn('learner_id', 'bigint', (c) => c.notNull().references('learners.id').onDelete('cascade'))
        .addColumn('instructor_id', 'bigint', (c) => c.notNull().references('instructors.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'bigint', (c) => c.notNull())
        .addColumn('started_at', 'bigint')
        .addColumn('ended_at', 'bigint')
        .execute();
      await db.schema.createIndex('peeks_learner').on('peeks').columns(['learner_id', 'status']).execute();
      await db.schema
        .createTable('peek_frames')
        .addColumn(id[0], id[1], (c) => (kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('peek_id', 'bigint', (c) => c.notNull().references('peeks.id').onDelete('cascade'))
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('reset', 'integer', (c) => c.notNull())
        .addColumn('rows', 'integer')
        .addColumn('cols', 'integer')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('peek_frames_peek_id').on('peek_frames').columns(['peek_id', 'id']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('peek_frames').execute();
      await db.schema.dropTable('peeks').execute();
    },
  };
}
