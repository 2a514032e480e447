/** What an instructor does to the room: acknowledge and resolve raised hands, broadcast a message. */
import type { ServiceContext } from './context.ts';
import { notFound, ServiceError } from './errors.ts';
import { writeEvents } from './events.ts';
import type { WorkshopRow } from './workshops.ts';

export type HandAction = 'acknowledge' | 'resolve';

export async function updateHand(ctx: ServiceContext, workshop: WorkshopRow, handId: number, action: HandAction): Promise<void> {
  await writeEvents(ctx, workshop.id, async (trx, append) => {
    const hand = await trx.selectFrom('hands').selectAll().where('id', '=', handId).where('workshop_id', '=', workshop.id).executeTakeFirst();
    if (!hand) throw notFound(`Hand ${handId}`);
    if (hand.resolved_at !== null) throw new ServiceError(409, 'hand-resolved', `Hand ${handId} is resolved already.`);
    const now = ctx.now();
    if (action === 'acknowledge') await trx.updateTable('hands').set({ acknowledged_at: hand.acknowledged_at ?? now }).where('id', '=', handId).execute();
    else await trx.updateTable('hands').set({ acknowledged_at: hand.acknowledged_at ?? now, resolved_at: now }).where('id', '=', handId).execute();
    await append({ learnerId: hand.learner_id, type: action === 'acknowledge' ? 'hand-acknowledged' : 'hand-resolved', payload: { hand: handId } });
  });
}

/** A message every learner of the workshop sees (through their stream, or by polling their messages). */
export async function broadcast(ctx: ServiceContext, workshop: WorkshopRow, message: string): Promise<number> {
  return writeEvents(ctx, workshop.id, (_trx, append) => append({ learnerId: null, type: 'broadcast', payload: { message } }));
}
