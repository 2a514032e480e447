/**
 * A database from before a migration keeps what it held, on each database the run has: the
 * progress rows recorded before the earned score existed take their whole score as earned, so
 * a workshop running across the upgrade keeps its dashboard's heat.
 */
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboard } from '../../src/server/services/dashboard.ts';
import { recordLearnerEvents } from '../../src/server/services/events.ts';
import { createInstructor } from '../../src/server/services/instructors.ts';
import { joinWorkshop } from '../../src/server/services/learners.ts';
import { createWorkshop, workshopByCode } from '../../src/server/services/workshops.ts';
import { learnerEventSchema } from '../../src/server/schemas.ts';
import { migrations } from '../../src/server/storage/migrations/index.ts';
import { kinds } from './support/databases.ts';
import { testContext, type TestContext } from './support/services.ts';

describe.each(kinds)('migrations on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await testContext(kind);
  });
  afterAll(() => ctx?.close());

  it('0007-earned-progress gives each progress row recorded before it its whole score as earned', async () => {
    const instructor = await createInstructor(ctx, { email: 'ada@example.org', password: 'a long enough password', admin: true });
    const { code } = await createWorkshop(ctx, instructor.id, { title: 'Upgrade', exercises: ['netns-red-blue'] });
    const ana = await joinWorkshop(ctx, code, 'Ana');
    const report = learnerEventSchema.parse({ key: 'before-upgrade', type: 'check-report', exercise: 'netns-red-blue', status: 'fail', score: 40, max: 100, checks: [] });
    await recordLearnerEvents(ctx, ana.learner, [report]);

    const migrator = new Migrator({ db: ctx.storage.db, provider: migrations(ctx.storage.kind) });
    expect((await migrator.migrateTo('0006-task-answers')).error).toBeUndefined();
    const columns = async () => (await ctx.storage.db.introspection.getTables()).find((t) => t.name === 'progress')!.columns.map((c) => c.name);
    expect(await columns()).not.toContain('best_earned');
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await columns()).toEqual(expect.arrayContaining(['best_earned', 'earned_max']));

    const cell = (await dashboard(ctx, await workshopByCode(ctx, code))).roster.find((r) => r.name === 'Ana')!.exercises['netns-red-blue'];
    expect(cell).toMatchObject({ best: 40, max: 100, earned: 40, earnedMax: 100 });
  });
});
