/** The instructor's workshop routes: each checks that the caller is one of the workshop's instructors. */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { afterQuerySchema, broadcastSchema, createWorkshopSchema, peekRequestSchema, workshopCodeSchema, workshopSettingsSchema } from '../schemas.ts';
import { dashboard, exportCsv, progressReport } from '../services/dashboard.ts';
import { eventsAfter } from '../services/events.ts';
import { rejoinLinkToken } from '../services/learners.ts';
import { workshopLinks } from '../services/links.ts';
import { peekFramesAfter, peekOfWorkshop, peekTopic, requestPeek, stopPeek } from '../services/peek.ts';
import { broadcast, updateHand } from '../services/room.ts';
import { createWorkshop, listWorkshops, toWorkshop, updateSettings, workshopForInstructor } from '../services/workshops.ts';
import { workshopTopic } from '../storage/event-bus.ts';
import { instructorAccess } from './access.ts';
import type { AppEnv, AppOptions } from './env.ts';
import { eventStream, rowStream, streamStart } from './stream.ts';
import { validate } from './validate.ts';

const codeParam = z.object({ code: workshopCodeSchema });
const PEEK_PAGE = 100;
const peekParam = z.object({ code: workshopCodeSchema, id: z.coerce.number().int().positive() });
const learnerParam = z.object({ code: workshopCodeSchema, learner: z.coerce.number().int().positive() });
const handParam = z.object({ code: workshopCodeSchema, id: z.coerce.number().int().positive(), action: z.enum(['acknowledge', 'resolve']) });

export function workshopRoutes(options: AppOptions, baseUrl: (c: Context) => string) {
  const { ctx } = options;
  const asInstructor = instructorAccess(ctx);
  const mine = (c: Context<AppEnv>, code: string) => workshopForInstructor(ctx, code, c.var.session.instructor.id);
  return new Hono<AppEnv>()
    .get('/workshops', asInstructor, async (c) => c.json({ workshops: await listWorkshops(ctx, c.var.session.instructor.id) }))
    .post('/workshops', asInstructor, validate('json', createWorkshopSchema), async (c) => {
      const row = await createWorkshop(ctx, c.var.session.instructor.id, c.req.valid('json'));
      return c.json({ code: row.code, ...workshopLinks(baseUrl(c), row.code), workshop: toWorkshop(row) }, 201);
    })
    .get('/workshops/:code', asInstructor, validate('param', codeParam), async (c) => c.json(await dashboard(ctx, await mine(c, c.req.valid('param').code))))
    .patch('/workshops/:code', asInstructor, validate('param', codeParam), validate('json', workshopSettingsSchema), async (c) =>
      c.json(await updateSettings(ctx, await mine(c, c.req.valid('param').code), c.req.valid('json'))),
    )
    .get('/workshops/:code/events', asInstructor, validate('param', codeParam), validate('query', afterQuerySchema), async (c) => {
      const workshop = await mine(c, c.req.valid('param').code);
      return c.json({ events: await eventsAfter(ctx, workshop.id, c.req.valid('query').after ?? 0) });
    })
    .get('/workshops/:code/stream', asInstructor, validate('param', codeParam), validate('query', afterQuerySchema), async (c) => {
      const workshop = await mine(c, c.req.valid('param').code);
      return eventStream(c, ctx, workshopTopic(workshop.id), workshop.id, streamStart(c, c.req.valid('query').after));
    })
    .post('/workshops/:code/broadcast', asInstructor, validate('param', codeParam), validate('json', broadcastSchema), async (c) => {
      const id = await broadcast(ctx, await mine(c, c.req.valid('param').code), c.req.valid('json').message);
      return c.json({ id }, 201);
    })
    // A link for a learner to carry on from another computer, progress and all; the browser they were in stops reporting.
    .post('/workshops/:code/learners/:learner/rejoin', asInstructor, validate('param', learnerParam), async (c) => {
      const { code, learner } = c.req.valid('param');
      const rejoined = await rejoinLinkToken(ctx, await mine(c, code), learner);
      return c.json({ name: rejoined.learner.name, rejoinUrl: `${workshopLinks(baseUrl(c), rejoined.learner.workshop.code).joinUrl}#rejoin=${rejoined.token}` });
    })
    .post('/workshops/:code/hands/:id/:action', asInstructor, validate('param', handParam), async (c) => {
      const { code, id, action } = c.req.valid('param');
      await updateHand(ctx, await mine(c, code), id, action);
      return c.json({ ok: true });
    })
    .get('/workshops/:code/progress', asInstructor, validate('param', codeParam), async (c) => c.json(await progressReport(ctx, await mine(c, c.req.valid('param').code))))
    .get('/workshops/:code/export.csv', asInstructor, validate('param', codeParam), async (c) => {
      const workshop = await mine(c, c.req.valid('param').code);
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="workshop-${workshop.code}.csv"`);
      return c.body(await exportCsv(ctx, workshop));
    })
    .post('/workshops/:code/peeks', asInstructor, validate('param', codeParam), validate('json', peekRequestSchema), async (c) => {
      const workshop = await mine(c, c.req.valid('param').code);
      return c.json({ peek: await requestPeek(ctx, workshop, c.var.session.instructor, c.req.valid('json').learnerId) }, 201);
    })
    .get('/workshops/:code/peeks/:id', asInstructor, validate('param', peekParam), async (c) => {
      const { code, id } = c.req.valid('param');
      return c.json({ peek: await peekOfWorkshop(ctx, await mine(c, code), id) });
    })
    .post('/workshops/:code/peeks/:id/stop', asInstructor, validate('param', peekParam), async (c) => {
      const { code, id } = c.req.valid('param');
      return c.json({ peek: await stopPeek(ctx, await mine(c, code), id) });
    })
    .get('/workshops/:code/peeks/:id/stream', asInstructor, validate('param', peekParam), validate('query', afterQuerySchema), async (c) => {
      const { code, id } = c.req.valid('param');
      const peek = await peekOfWorkshop(ctx, await mine(c, code), id);
      return rowStream(c, ctx, peekTopic(peek.id), streamStart(c, c.req.valid('query').after), async (after) => {
        const frames = await peekFramesAfter(ctx, peek.id, after, PEEK_PAGE);
        return { rows: frames.map((frame) => ({ id: frame.id, data: JSON.stringify(frame) })), scanned: frames.at(-1)?.id ?? after, more: frames.length === PEEK_PAGE };
      });
    });
}
