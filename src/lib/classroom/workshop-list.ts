/**
 * The instructor's list of workshops (/classroom/dashboard/ without a code): each workshop's
 * title, a link to its dashboard, and what tells one from another at a glance: its join code,
 * what it follows, how many learners are in it, and whether it is closed to new learners (or
 * when it will be); and a link to its CSV export.
 */
import type { ListedWorkshop } from '../../server/schemas.ts';
import { el } from '../element.ts';
import { dayAndTime, joiningFact, type MomentFormat } from './joining.ts';

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "code K7MQ2X, 2 exercises, 3 learners in it, closed to new learners" */
export function workshopFacts(w: ListedWorkshop, now = Date.now(), format: MomentFormat = dayAndTime): string {
  const facts = [`code ${w.code}`];
  if (w.exercises.length > 0) facts.push(count(w.exercises.length, 'exercise'));
  if (w.lessons.length > 0) facts.push(count(w.lessons.length, 'lesson'));
  facts.push(w.learners === 0 ? 'no learners yet' : `${count(w.learners, 'learner')} in it`);
  const joining = joiningFact(w.endsAt, now, format);
  if (joining) facts.push(joining);
  return facts.join(', ');
}

export function workshopItem(w: ListedWorkshop): HTMLLIElement {
  return el('li', {}, el('a', { href: `?code=${w.code}` }, w.title), ` (${workshopFacts(w)}) · `, el('a', { href: `/api/workshops/${w.code}/export.csv`, ariaLabel: `${w.title}: export as CSV` }, 'CSV'));
}
