/**
 * The learner's outbox: events wait in localStorage (so a reload or an hour offline loses
 * nothing) and go to the server in batches, each with its idempotency key, so a batch sent
 * twice (the answer lost on the way back) is stored once. A network failure, a 5xx or a 429
 * keeps the batch for the next try; a 400 is retried event by event so one bad event cannot
 * block the rest; a 401 means the learner is no longer in the workshop.
 *
 * @example
 * const queue = new ReportQueue(localStorage);
 * queue.enqueue({ type: 'exercise-started', exercise: 'eth1-up' });
 * await queue.flush((events) => client.send(events));
 */
import type { LearnerEventInput } from '../../server/schemas.ts';

export const QUEUE_KEY = 'stacklab:classroom:queue';
/** Past this, the oldest events are dropped: a tab offline for days should not grow without end. */
export const QUEUE_LIMIT = 500;
const BATCH = 50;

type WithoutKey<T> = T extends unknown ? Omit<T, 'key'> : never;
export type NewLearnerEvent = WithoutKey<LearnerEventInput>;

export type SendOutcome = { kind: 'accepted' } | { kind: 'retry' } | { kind: 'rejected'; message: string } | { kind: 'ended'; message: string };

export type QueueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface FlushResult {
  sent: number;
  rejected: string[];
  ended?: string;
  /** True when events are still waiting (offline, or the server asked to wait). */
  pending: boolean;
}

const newKey = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `q${Date.now().toString(36)}${Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('')}`.slice(0, 40);
};

export class ReportQueue {
  private memory: LearnerEventInput[] = [];
  private flushing: Promise<FlushResult> | undefined;

  constructor(private readonly storage: QueueStorage | undefined) {}

  pending(): LearnerEventInput[] {
    if (!this.storage) return this.memory;
    try {
      const parsed = JSON.parse(this.storage.getItem(QUEUE_KEY) ?? '[]') as unknown;
      return Array.isArray(parsed) ? (parsed as LearnerEventInput[]) : [];
    } catch {
      return [];
    }
  }

  private save(events: LearnerEventInput[]): void {
    this.memory = events;
    try {
      this.storage?.setItem(QUEUE_KEY, JSON.stringify(events));
    } catch {
      // Storage full or blocked: the events stay in memory for this visit.
    }
  }

  enqueue(event: NewLearnerEvent): string {
    const key = newKey();
    this.save([...this.pending(), { ...event, key } as LearnerEventInput].slice(-QUEUE_LIMIT));
    return key;
  }

  clear(): void {
    this.save([]);
  }

  /** Sends what waits, oldest first; one flush at a time (a second call joins the running one). */
  flush(send: (events: LearnerEventInput[]) => Promise<SendOutcome>): Promise<FlushResult> {
    this.flushing ??= this.run(send).finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async run(send: (events: LearnerEventInput[]) => Promise<SendOutcome>): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, rejected: [], pending: false };
    const remove = (keys: Set<string>) => this.save(this.pending().filter((e) => !keys.has(e.key)));
    for (;;) {
      const batch = this.pending().slice(0, BATCH);
      if (batch.length === 0) return result;
      const outcome = await send(batch);
      if (outcome.kind === 'retry') return { ...result, pending: true };
      if (outcome.kind === 'ended') {
        this.clear();
        return { ...result, ended: outcome.message };
      }
      if (outcome.kind === 'accepted') {
        result.sent += batch.length;
        remove(new Set(batch.map((e) => e.key)));
        continue;
      }
      // Rejected: find the bad events one by one, keep sending the good ones.
      for (const event of batch) {
        const single = batch.length === 1 ? outcome : await send([event]);
        if (single.kind === 'retry') return { ...result, pending: true };
        if (single.kind === 'ended') {
          this.clear();
          return { ...result, ended: single.message };
        }
        if (single.kind === 'accepted') result.sent += 1;
        else result.rejected.push(`${event.type}: ${single.message}`);
        remove(new Set([event.key]));
      }
    }
  }
}
