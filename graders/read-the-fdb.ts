import definition from '../exercises/read-the-fdb/exercise.json' with { type: 'json' };
import { defineAnswerGrader } from '../src/grading/grader.ts';
import { answerCheck, normaliseMac, normalisePort, questionOf } from './lib/answers.ts';
import { fdbOf, isLearned, macOf } from './lib/fdb.ts';

const TALK = 'Make the hosts talk (ip netns exec app ping -c1 10.30.0.1), read the table again, then Check.';

/** br0 on the host and app's eth0 behind sw2, read live at every Check: the set-up draws the ports and MACs. */
export default defineAnswerGrader(definition, (answers) => ({
  request: { namespaces: ['', 'app'], ip: ['link'], extra: ['bridge'] },
  checks: [
    answerCheck({
      id: 'app-port',
      question: questionOf(definition.questions, 'app-port'),
      subject: "app's MAC address",
      property: 'the port of br0 that learned it',
      answer: answers['app-port'],
      find: (s) => {
        const mac = macOf(s, 'app', 'eth0');
        if (!mac) return { found: [], about: 'app has no eth0 now' };
        return { found: fdbOf(s, '', 'br0').filter((e) => isLearned(e) && e.mac.toLowerCase() === mac).map((e) => e.ifname), about: mac };
      },
      expected: "the port of br0 whose learned entry is app's MAC (bridge fdb show br br0)",
      normalise: normalisePort,
      wrong: ({ answer, about }) =>
        `You answered ${answer}; br0 has not learned app's MAC ${about} on ${normalisePort(answer)}. ${normalisePort(answer) === 'br0' ? 'br0 is the bridge itself; the port is the word after dev. ' : ''}Find app's MAC with ip -n app link, then its line in bridge fdb show br br0.`,
      gone: ({ answer, about }) => `You answered ${answer}, but br0's table has no learned entry for app's MAC (${about}) now: entries age out, and a flush empties the table. ${TALK}`,
    }),
    answerCheck({
      id: 'p1-mac',
      question: questionOf(definition.questions, 'p1-mac'),
      subject: 'port p1 of br0',
      property: 'the MAC address learned on it',
      answer: answers['p1-mac'],
      find: (s) => {
        const entries = fdbOf(s, '', 'br0').filter((e) => e.ifname === 'p1');
        const own = entries.filter((e) => !isLearned(e)).map((e) => e.mac.toLowerCase());
        return { found: entries.filter(isLearned).map((e) => e.mac.toLowerCase()), about: [...new Set(own)].join(' ') };
      },
      expected: 'a MAC address br0 learned on p1 (bridge fdb show br br0 brport p1, an entry without permanent)',
      normalise: normaliseMac,
      wrong: ({ answer, about }) =>
        about.split(' ').includes(normaliseMac(answer))
          ? `You answered ${answer}, which is p1's own address (a permanent entry), not one br0 learned. The learned entries are the ones without permanent.`
          : `You answered ${answer}; br0 has not learned ${normaliseMac(answer)} on p1. Read bridge fdb show br br0 brport p1: the entry without permanent is the host behind p1.`,
      gone: ({ answer }) => `You answered ${answer}, but br0 has learned no MAC on p1 now: entries age out, and a flush empties the table. ${TALK}`,
    }),
  ],
}));
