/** Joining a workshop (public) and what a learner's tab does with its token: report events, read its own Check results and the messages, stream them. */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { afterQuerySchema, joinSchema, learnerEventsSchema, peekFrameSchema, workshopCodeSchema } from '../schemas.ts';
import { eventsAfter, recordLearnerEvents } from '../services/events.ts';
import { checkResultsOf, joinWorkshop, markSeen } from '../services/learners.ts';
import { addPeekFrame, answerPeek, openPeekOf } from '../services/peek.ts';
import { workshopByCode } from '../services/workshops.ts';
import { learnersTopic, learnerTopic } from '../storage/event-bus.ts';
import { learnerAccess, publicAccess } from './access.ts';
import type { AppEnv, AppOptions, Limits } from './env.ts';
import { rateLimit } from './rate-limit.ts';
import { eventStream, streamStart } from './stream.ts';
import { validate } from './validate.ts';

const codeParam = z.object({ code: workshopCodeSchema });
const peekParam = z.object({ id: z.coerce.number().int().positive() });
const answerParam = peekParam.extend({ answer: z.enum(['accept', 'decline', 'stop']) });

export function learnerRoutes(options: AppOptions, limits: Limits, clientKey: (c: Context) => string) {
  const { ctx } = options;
  const asLearner = learnerAccess(ctx);
  return new Hono<AppEnv>()
    .get('/workshops/:code/info', publicAccess, validate('param', codeParam), async (c) => {
      const workshop = await workshopByCode(ctx, c.req.valid('param').code);
      return c.json({ code: workshop.code, title: workshop.title, endsAt: workshop.ends_at });
    })
    .post('/workshops/:code/join', publicAccess, rateLimit(limits.joins, 'joins from your address', clientKey), validate('param', codeParam), validate('json', joinSchema), async (c) => {
      const { token, learner } = await joinWorkshop(ctx, c.req.valid('param').code, c.req.valid('json').name);
      return c.json({ token, learner: { id: learner.id, name: learner.name }, workshop: learner.workshop }, 201);
    })
    .get('/learner', asLearner, (c) => {
      const { id, name, workshop } = c.var.learner;
      return c.json({ learner: { id, name }, workshop });
    })
    .get('/learner/results', asLearner, async (c) => c.json(await checkResultsOf(ctx, c.var.learner.id)))
    .post('/learner/events', asLearner, rateLimit(limits.events, 'reports', (c) => `learner:${c.var.learner.id}`), validate('json', learnerEventsSchema), async (c) =>
      c.json({ accepted: await recordLearnerEvents(ctx, c.var.learner, c.req.valid('json').events) }),
    )
    .get('/learner/messages', asLearner, validate('query', afterQuerySchema), async (c) => {
      const learner = c.var.learner;
      return c.json({ events: await eventsAfter(ctx, learner.workshopId, c.req.valid('query').after ?? 0, 500, { forLearner: learner.id }) });
    })
    .get('/learner/stream', asLearner, validate('query', afterQuerySchema), (c) => {
      const learner = c.var.learner;
      // An open stream is a page of the workshop open in the learner's browser: the dashboard shows them here.
      return eventStream(c, ctx, [learnersTopic(learner.workshopId), learnerTopic(learner.id)], learner.workshopId, streamStart(c, c.req.valid('query').after), { forLearner: learner.id }, { beat: () => markSeen(ctx, learner.id) });
    })
    .get('/learner/peek', asLearner, async (c) => c.json({ peek: await openPeekOf(ctx, c.var.learner) }))
    .post('/learner/peeks/:id/frames', asLearner, rateLimit(limits.peekFrames, 'terminal frames', (c) => `learner:${c.var.learner.id}`), validate('param', peekParam), validate('json', peekFrameSchema), async (c) =>
      c.json({ id: await addPeekFrame(ctx, c.var.learner, c.req.valid('param').id, c.req.valid('json')) }, 201),
    )
    .post('/learner/peeks/:id/:answer', asLearner, validate('param', answerParam), async (c) => {
      const { id, answer } = c.req.valid('param');
      return c.json({ peek: await answerPeek(ctx, c.var.learner, id, answer) });
    });
}
