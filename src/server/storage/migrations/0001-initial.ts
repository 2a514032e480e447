/** The first schema: instructors and their sessions, workshops, learners, progress, hands and events. */
import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { DatabaseKind } from '../kind.ts';

export function initial(kind: DatabaseKind): Migration {
  /** An auto-incrementing integer key: bigserial in PostgreSQL, the rowid alias in SQLite. */
  const withId = <T extends string>(table: CreateTableBuilder<T>) =>
    kind === 'postgres'
      ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
      : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  const time = (c: ColumnDefinitionBuilder) => c.notNull();
  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('instructors'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('instructor_id', 'bigint', (c) => c.notNull().references('instructors.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', time)
        .addColumn('expires_at', 'bigint', time)
        .execute();
      await db.schema
        .createTable('login_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('instructor_id', 'bigint', (c) => c.notNull().references('instructors.id').onDelete('cascade'))
        .addColumn('expires_at', 'bigint', time)
        .addColumn('used_at', 'bigint')
        .execute();
      await withId(db.schema.createTable('workshops'))
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('exercises', 'text', (c) => c.notNull())
        .addColumn('lessons', 'text', (c) => c.notNull())
        .addColumn('starts_at', 'bigint')
        .addColumn('ends_at', 'bigint')
        .addColumn('stuck_minutes', 'integer', (c) => c.notNull())
        .addColumn('stuck_failures', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema
        .createTable('workshop_instructors')
        .addColumn('workshop_id', 'bigint', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
        .addColumn('instructor_id', 'bigint', (c) => c.notNull().references('instructors.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('workshop_instructors_pk', ['workshop_id', 'instructor_id'])
        .execute();
      await withId(db.schema.createTable('learners'))
        .addColumn('workshop_id', 'bigint', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('joined_at', 'bigint', time)
        .addColumn('left_at', 'bigint')
        .addColumn('current_exercise', 'text')
        .addColumn('current_since', 'bigint')
        .addColumn('current_lesson', 'text')
        .addColumn('last_seen_at', 'bigint', time)
        .addColumn('last_progress_at', 'bigint', time)
        .execute();
      await db.schema.createIndex('learners_workshop').on('learners').column('workshop_id').execute();
      await db.schema
        .createTable('progress')
        .addColumn('learner_id', 'bigint', (c) => c.notNull().references('learners.id').onDelete('cascade'))
        .addColumn('exercise_id', 'text', (c) => c.notNull())
        .addColumn('workshop_id', 'bigint', (c) => c.notNull())
        .addColumn('best_score', 'integer', (c) => c.notNull())
        .addColumn('max_score', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reports', 'integer', (c) => c.notNull())
        .addColumn('last_checks', 'text', (c) => c.notNull())
        .addColumn('failing_check', 'text')
        .addColumn('failing_title', 'text')
        .addColumn('same_failure_count', 'integer', (c) => c.notNull())
        .addColumn('hints', 'integer', (c) => c.notNull())
        .addColumn('solution_revealed', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'bigint', time)
        .addColumn('updated_at', 'bigint', time)
        .addPrimaryKeyConstraint('progress_pk', ['learner_id', 'exercise_id'])
        .execute();
      await db.schema.createIndex('progress_workshop').on('progress').column('workshop_id').execute();
      await withId(db.schema.createTable('hands'))
        .addColumn('workshop_id', 'bigint', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
        .addColumn('learner_id', 'bigint', (c) => c.notNull().references('learners.id').onDelete('cascade'))
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('raised_at', 'bigint', time)
        .addColumn('acknowledged_at', 'bigint')
        .addColumn('resolved_at', 'bigint')
        .execute();
      await db.schema.createIndex('hands_workshop').on('hands').column('workshop_id').execute();
      await withId(db.schema.createTable('events'))
        .addColumn('workshop_id', 'bigint', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
        .addColumn('learner_id', 'bigint')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('idem_key', 'text')
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema.createIndex('events_workshop_id').on('events').columns(['workshop_id', 'id']).execute();
      await db.schema.createIndex('events_idempotency').on('events').columns(['learner_id', 'idem_key']).unique().execute();
    },
    async down(db: Kysely<any>) {
      for (const table of ['events', 'hands', 'progress', 'learners', 'workshop_instructors', 'workshops', 'login_tokens', 'sessions', 'instructors']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
