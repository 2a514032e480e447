/**
 * Checks of an answer exercise (src/exercises/answers.ts): the learner's answer to one
 * question against what the grader found in the live state at this Check. Harmless
 * differences (the case of a MAC, `handle 7` for `7`, `br0 port p3` for `p3`) are normalised
 * away before comparing. The feedback never gives the right answer away (a learner could
 * otherwise type anything, Check, and copy it): the report's "found" is the answer as typed,
 * its "expected" says where the answer is read, and a wrong answer's message says what the
 * VM shows about the answer given and how to read the right one.
 */
import type { CollectedState } from '../../src/state/collect.ts';
import { check, type Check } from '../../src/grading/check.ts';
import type { Matcher } from '../../src/grading/matchers.ts';

/** What an answer check reads: the answer as typed, and what the live state says. */
export interface AnswerReading {
  answer: string;
  /** Every value the state accepts (a port can have learned several MACs); empty when the state no longer shows any. */
  found: string[];
  /** What the question is about, as the live state shows it (e.g. app's MAC address), for the feedback to quote. */
  about: string;
}

/** A MAC in colon form, lower case: `02-AB-..`, `02AB.CDEF.0012` and `02:ab:..` are one address. */
export function normaliseMac(text: string): string {
  const hex = text.trim().toLowerCase().replace(/[\s:.-]/g, '');
  return /^[0-9a-f]{12}$/.test(hex) ? hex.match(/../g)!.join(':') : text.trim().toLowerCase();
}

/** An interface name without the words around it: `br0 port p3`, `dev p3`, `port p3` and `p3` are one port. */
export function normalisePort(text: string): string {
  const words = text.trim().replace(/[.,;]+$/, '').split(/\s+/).filter(Boolean);
  return (words.at(-1) ?? '').replace(/^["'`]|["'`]$/g, '');
}

/** A rule handle: `handle 7`, `# handle 7` and `7` are one handle. */
export function normaliseHandle(text: string): string {
  return /^(?:#\s*)?(?:handle\s+)?(\d+)$/i.exec(text.trim())?.[1] ?? text.trim().toLowerCase();
}

/** A chain's name: `chain services`, `inet filter services` and `services` are one chain. */
export const normaliseChain = (text: string): string => normalisePort(text.replace(/^chain\s+/i, ''));

const answerMatches = (normalise: (text: string) => string, expected: string): Matcher<AnswerReading> => ({
  describe: () => expected,
  test: ({ answer, found }) => ({
    pass: answer.trim() !== '' && found.some((value) => normalise(value) === normalise(answer)),
    expected,
  }),
});

export interface AnswerCheckSpec {
  id: string;
  /** Its number and words, for "Question 1 (…) is unanswered". */
  question: { number: number; prompt: string };
  subject: string;
  property: string;
  /** Where the right answer is read, without giving it (the report's "expected"), e.g. "the port bridge fdb shows for app's MAC". */
  expected: string;
  /** The learner's answer; undefined or blank is unanswered. */
  answer: string | undefined;
  /** Every accepted value in the live state ([] when the state no longer shows one), and what the question is about. */
  find: (state: CollectedState) => { found: string[]; about?: string };
  normalise: (text: string) => string;
  requires?: string[];
  /** The message for a wrong answer: what the VM shows about the answer given, never `found` itself. */
  wrong: (reading: AnswerReading) => string;
  /** The message when the state no longer shows the thing asked about at all. */
  gone: (reading: AnswerReading) => string;
}

/** The check of one answer: unanswered, gone from the VM, wrong (saying what was found), or right. */
export function answerCheck(spec: AnswerCheckSpec): Check<CollectedState> {
  const plain = spec.question.prompt.replace(/`/g, '');
  return check({
    id: spec.id,
    subject: spec.subject,
    property: spec.property,
    requires: spec.requires,
    read: (state): AnswerReading => {
      const { found, about = '' } = spec.find(state);
      const answer = (spec.answer ?? '').trim();
      // The report shows a reading as JSON: the answer as typed, never what was found.
      return { answer, found, about, toJSON: () => answer } as AnswerReading;
    },
    expect: answerMatches(spec.normalise, spec.expected),
    pass: ({ value }) => `Right: ${value.answer}.`,
    fail: ({ value }) => {
      if (value.answer === '') return `Question ${spec.question.number} ("${plain}") is unanswered: type your answer in its field, then Check.`;
      return value.found.length === 0 ? spec.gone(value) : spec.wrong(value);
    },
  });
}

/** The number and prompt of question `id` of an exercise's declaration. */
export function questionOf(questions: readonly { id: string; prompt: string }[], id: string): { number: number; prompt: string } {
  const index = questions.findIndex((q) => q.id === id);
  if (index === -1) throw new Error(`No question '${id}' (the exercise asks ${questions.map((q) => q.id).join(', ')}).`);
  return { number: index + 1, prompt: questions[index]!.prompt };
}
