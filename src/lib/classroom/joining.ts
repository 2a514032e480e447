/**
 * Whether a workshop takes new learners, as its instructor reads it: on the dashboard, with the
 * button that changes it, and in the list of workshops. A workshop closes to new learners at its
 * `endsAt` (set when it is created, or by "Close to new learners now"); those in it keep working.
 *
 * @example
 * joining(null, Date.now())                 // { open: true, text: 'Open to new learners', action: 'Close to new learners now' }
 * joiningFact(Date.parse('…past…'), now)    // 'closed to new learners'
 */

/** A moment as the instructor reads it: the day and the time to the minute, in their locale. */
export type MomentFormat = (ms: number) => string;

export const dayAndTime: MomentFormat = (ms) => new Date(ms).toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

export interface Joining {
  open: boolean;
  text: string;
  /** The button's words; pressing it closes the workshop now when it is open, and opens it again (no closing time) when it is closed. */
  action: string;
}

export function joining(endsAt: number | null, now: number, format: MomentFormat = dayAndTime): Joining {
  if (endsAt === null) return { open: true, text: 'Open to new learners', action: 'Close to new learners now' };
  if (endsAt > now) return { open: true, text: `Open to new learners until ${format(endsAt)}`, action: 'Close to new learners now' };
  return { open: false, text: `Closed to new learners since ${format(endsAt)}; those in it keep working`, action: 'Open to new learners again' };
}

/** The same for the list of workshops, nothing while it is open with no closing time. */
export function joiningFact(endsAt: number | null, now: number, format: MomentFormat = dayAndTime): string | undefined {
  if (endsAt === null) return undefined;
  return endsAt > now ? `open to new learners until ${format(endsAt)}` : 'closed to new learners';
}

/** The form's local date and time (an `<input type="datetime-local">` value) as the server takes it; none when empty. */
export function endsAtFromInput(value: string): string | undefined {
  if (value === '') return undefined;
  const moment = new Date(value);
  if (Number.isNaN(moment.getTime())) throw new Error(`"${value}" is not a date and time; pick one in the field, or leave it empty.`);
  return moment.toISOString();
}
