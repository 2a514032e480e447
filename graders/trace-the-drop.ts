import definition from '../exercises/trace-the-drop/exercise.json' with { type: 'json' };
import { defineAnswerGrader } from '../src/grading/grader.ts';
import type { CollectedState } from '../src/state/collect.ts';
import { answerCheck, normaliseChain, normaliseHandle, questionOf } from './lib/answers.ts';
import { traceProbe, tracedDrop } from './lib/nft-trace.ts';

const TRACE = 'client->server:8080';
const drop = tracedDrop(TRACE);
/** One part of the traced drop as the accepted answer, with its rule for the feedback. */
const dropped = (part: 'chain' | 'handle') => (s: CollectedState) => {
  const found = drop(s);
  return found ? { found: [found[part]], about: found.rule } : { found: [] };
};
const GONE =
  'but tracing client -> 10.40.0.1:8080 now shows no rule dropping it: the ruleset was changed since the set-up. Press Reset to set the exercise up again, trace it, then answer.';

/** Server's firewall, traced afresh at every Check: the set-up draws the chain, the rule order and the handles. */
export default defineAnswerGrader(definition, (answers) => ({
  request: { namespaces: ['server'], ip: ['link'], probes: [traceProbe(TRACE, { ns: 'server', from: 'client', source: '10.40.0.2', target: '10.40.0.1', port: 8080 })] },
  checks: [
    answerCheck({
      id: 'chain',
      question: questionOf(definition.questions, 'chain'),
      subject: 'client -> server:8080',
      property: 'the chain whose rule drops it',
      answer: answers.chain,
      find: dropped('chain'),
      expected: 'the chain named on the trace line that ends in (verdict drop)',
      normalise: normaliseChain,
      wrong: ({ answer }) =>
        `You answered ${answer}; the trace does not show the flow dropped in chain ${normaliseChain(answer)}. A jump shows as its own line (verdict jump ...); the drop is in the chain named on the line that ends in (verdict drop).`,
      gone: ({ answer }) => `You answered ${answer}, ${GONE}`,
    }),
    answerCheck({
      id: 'handle',
      question: questionOf(definition.questions, 'handle'),
      subject: 'client -> server:8080',
      property: 'the handle of the rule that drops it',
      answer: answers.handle,
      find: dropped('handle'),
      expected: 'the handle on the trace line that ends in (verdict drop)',
      normalise: normaliseHandle,
      wrong: ({ answer }) =>
        `You answered handle ${normaliseHandle(answer)}; the trace does not show the flow dropped by handle ${normaliseHandle(answer)}. Rules the packet passed show (verdict continue); the one that stops it shows (verdict drop).`,
      gone: ({ answer }) => `You answered handle ${normaliseHandle(answer)}, ${GONE}`,
    }),
  ],
}));
