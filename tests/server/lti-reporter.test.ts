/**
 * The browser side of an LTI exercise launch, in Node against the real server and the test
 * platform: the launch page's localStorage entry lets the page's Check reports reach the
 * server, and the platform's line item receives the best score; reports of another exercise,
 * or without a launch, send nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_REPORT_EVENT } from '../../src/lib/classroom/events.ts';
import { installLtiReporter, LTI_LAUNCH_KEY } from '../../src/lib/lti-reporter.ts';
import { kinds } from './support/databases.ts';
import { launchStore, ltiWorld, type LtiWorld } from './lti-support.ts';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

/** A Check report as the exercise element announces it; `earned` defaults to the whole score (no check given at the start). */
const check = (exercise: string, score: number, maximum: number, earned = { score, maximum }) =>
  new CustomEvent(CHECK_REPORT_EVENT, { detail: { exercise, report: { status: score === maximum ? 'pass' : 'fail', score, maximum, checks: [], earned } } });

/** A tab the LMS launched into `target`: the launch kept in its storage, the reporter installed. */
async function launchedTab(world: LtiWorld, target: string, user: string, resourceLink: string) {
  const { response } = await world.platform.launch({ target, user, resourceLink });
  const storage = new MemoryStorage();
  for (const [key, value] of Object.entries(launchStore(await response.text()))) storage.setItem(key, JSON.stringify(value));
  const page = new EventTarget();
  return { page, reporter: installLtiReporter(page as unknown as Window, storage, world.server.url) };
}

describe.each(kinds)('the LTI reporter in a tab, on %s', (kind) => {
  let world: LtiWorld;
  beforeAll(async () => {
    world = await ltiWorld(kind);
  });
  afterAll(async () => world?.close());

  it("sends the launched exercise's Check results, and the LMS gets the best", async () => {
    const { page, reporter } = await launchedTab(world, 'exercise:eth1-up', 'tab-user', 'tab-link');
    page.dispatchEvent(check('veth-testns', 5, 5));
    page.dispatchEvent(check('eth1-up', 1, 3));
    await reporter.settled();
    page.dispatchEvent(check('eth1-up', 3, 3));
    await reporter.settled();
    const scores = world.platform.scores.filter((s) => s.lineItem === world.platform.lineItemUrl('tab-link'));
    expect(scores.map((s) => [s.body.userId, s.body.scoreGiven, s.body.scoreMaximum])).toEqual([
      ['tab-user', 1, 3],
      ['tab-user', 3, 3],
    ]);
    expect(world.platform.scores).toHaveLength(2);
  });

  it('sends the LMS what the work earned: the checks the set-up already met count for nothing', async () => {
    const { page, reporter } = await launchedTab(world, 'exercise:fix-two-faults', 'ticket-user', 'ticket-link');
    // Check pressed at the start: 3 of 8 for the lab left intact, which earns nothing.
    page.dispatchEvent(check('fix-two-faults', 3, 8, { score: 0, maximum: 5 }));
    await reporter.settled();
    page.dispatchEvent(check('fix-two-faults', 8, 8, { score: 5, maximum: 5 }));
    await reporter.settled();
    const scores = world.platform.scores.filter((s) => s.lineItem === world.platform.lineItemUrl('ticket-link'));
    expect(scores.map((s) => [s.body.scoreGiven, s.body.scoreMaximum])).toEqual([
      [0, 5],
      [5, 5],
    ]);
  });

  it('sends nothing from a tab without a launch', async () => {
    const page = new EventTarget();
    const storage = new MemoryStorage();
    const reporter = installLtiReporter(page as unknown as Window, storage, world.server.url);
    page.dispatchEvent(check('eth1-up', 3, 3));
    await reporter.settled();
    expect(storage.getItem(LTI_LAUNCH_KEY)).toBeNull();
    expect(world.platform.scores).toHaveLength(4);
  });
});
