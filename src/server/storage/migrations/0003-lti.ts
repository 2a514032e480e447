/**
 * LTI 1.3: the platforms (LMSs) an admin registered, the tool's signing keys (the current one
 * and the previous one, both published until the previous is removed), the single-use login
 * states with their nonces, the platforms' users and contexts mapped to Stacklab, the line
 * items scores go to, each launch (with the token its tab reports Check results with) and the
 * best score posted per launch target.
 */
import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely, Migration } from 'kysely';
import type { DatabaseKind } from '../kind.ts';

export function lti(kind: DatabaseKind): Migration {
  const withId = <T extends string>(table: CreateTableBuilder<T>) =>
    kind === 'postgres'
      ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
      : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  const required = (c: ColumnDefinitionBuilder) => c.notNull();
  const platformRef = (c: ColumnDefinitionBuilder) => c.notNull().references('lti_platforms.id').onDelete('cascade');
  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('lti_platforms'))
        .addColumn('issuer', 'text', required)
        .addColumn('client_id', 'text', required)
        .addColumn('deployment_ids', 'text', required)
        .addColumn('jwks_url', 'text', required)
        .addColumn('auth_url', 'text', required)
        .addColumn('token_url', 'text', required)
        .addColumn('created_at', 'bigint', required)
        .addUniqueConstraint('lti_platforms_issuer_client', ['issuer', 'client_id'])
        .execute();
      await db.schema
        .createTable('lti_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('private_jwk', 'text', required)
        .addColumn('public_jwk', 'text', required)
        .addColumn('status', 'text', required)
        .addColumn('created_at', 'bigint', required)
        .execute();
      await db.schema
        .createTable('lti_states')
        .addColumn('state', 'text', (c) => c.primaryKey())
        .addColumn('nonce', 'text', (c) => c.notNull().unique())
        .addColumn('platform_id', 'bigint', platformRef)
        .addColumn('expires_at', 'bigint', required)
        .addColumn('used_at', 'bigint')
        .execute();
      await withId(db.schema.createTable('lti_users'))
        .addColumn('platform_id', 'bigint', platformRef)
        .addColumn('subject', 'text', required)
        .addColumn('name', 'text', required)
        .addColumn('email', 'text')
        .addColumn('created_at', 'bigint', required)
        .addUniqueConstraint('lti_users_platform_subject', ['platform_id', 'subject'])
        .execute();
      await withId(db.schema.createTable('lti_contexts'))
        .addColumn('platform_id', 'bigint', platformRef)
        .addColumn('context_id', 'text', required)
        .addColumn('title', 'text', required)
        .addUniqueConstraint('lti_contexts_platform_context', ['platform_id', 'context_id'])
        .execute();
      await withId(db.schema.createTable('lti_line_items'))
        .addColumn('platform_id', 'bigint', platformRef)
        .addColumn('url', 'text', required)
        .addColumn('context_id', 'bigint', (c) => c.references('lti_contexts.id').onDelete('set null'))
        .addColumn('target_kind', 'text', required)
        .addColumn('target_id', 'text', required)
        .addUniqueConstraint('lti_line_items_platform_url', ['platform_id', 'url'])
        .execute();
      await withId(db.schema.createTable('lti_launches'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('lti_users.id').onDelete('cascade'))
        .addColumn('line_item_id', 'bigint', (c) => c.references('lti_line_items.id').onDelete('set null'))
        .addColumn('target_kind', 'text', required)
        .addColumn('target_id', 'text', required)
        .addColumn('learner_id', 'bigint', (c) => c.references('learners.id').onDelete('set null'))
        .addColumn('exam_sitting_id', 'text')
        .addColumn('created_at', 'bigint', required)
        .addColumn('expires_at', 'bigint', required)
        .execute();
      await db.schema
        .createTable('lti_scores')
        .addColumn('line_item_id', 'bigint', (c) => c.notNull().references('lti_line_items.id').onDelete('cascade'))
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('lti_users.id').onDelete('cascade'))
        .addColumn('score', 'integer', required)
        .addColumn('max_score', 'integer', required)
        .addColumn('posted_at', 'bigint')
        .addPrimaryKeyConstraint('lti_scores_pk', ['line_item_id', 'user_id'])
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const table of ['lti_scores', 'lti_launches', 'lti_line_items', 'lti_contexts', 'lti_users', 'lti_states', 'lti_keys', 'lti_platforms']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
