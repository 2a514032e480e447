/**
 * Connections that a firewall must drop, tried at once in one command probe: each blocked try
 * costs its whole 2 s timeout, so trying them side by side makes a Check pay it once. A try
 * runs in a hidden namespace of the outside world (server, isp, labrouter, farhost); an
 * optional listener on the host, started for the occasion, makes "open" and "filtered" differ
 * on a port nothing else listens on. The probe prints "<key>=open" or "<key>=closed" per try.
 *
 * @example
 * const BLOCKED = triesProbe('must-be-dropped', [{ key: 'db', from: 'server', command: 'nc -z -w2 198.51.100.10 3306' }]);
 * read: tried(BLOCKED, 'db')   // 'open' | 'closed'
 */
import type { CollectedState, Probe } from '../../src/state/collect.ts';
import { ProbeError } from '../../src/grading/check.ts';
import { probeResult } from './probes.ts';

export interface Try {
  /** Names the result, e.g. "database". */
  key: string;
  /** The hidden namespace it runs in. */
  from: string;
  /** The shell command; it succeeds when the connection was made. */
  command: string;
}

/** One command probe that runs every try in parallel, with a listener on `listenPort` of the host while they run. */
export function triesProbe(id: string, tries: Try[], listenPort?: number): Probe {
  const listener = listenPort === undefined ? [] : [
    `nc -lk ${listenPort} </dev/null >/dev/null 2>&1 & l=$!`,
    `i=0; until ss -tlnH | grep -q ':${listenPort} ' || [ $i -ge 20 ]; do sleep 0.1; i=$((i+1)); done`,
  ];
  return {
    id,
    kind: 'command',
    from: '',
    target: [
      ...listener,
      'try() { if nsenter --net=/run/stacklab/netns/$1 sh -c "$3" >/dev/null 2>&1; then echo "$2=open"; else echo "$2=closed"; fi; }',
      'p=',
      ...tries.map((t) => `try ${t.from} ${t.key} '${t.command}' & p="$p $!"`),
      'wait $p',
      ...(listenPort === undefined ? [] : ['kill $l']),
    ].join('\n'),
  };
}

/** What the tries probe found for `key`: "open", "closed", or a ProbeError when it did not say. */
export const tried = (probe: Probe, key: string) => (s: CollectedState): 'open' | 'closed' => {
  const result = probeResult(s, probe.id);
  const value = new RegExp(`^${key}=(open|closed)$`, 'm').exec(result.output)?.[1];
  if (!value) throw new ProbeError(`the probe ${probe.id} printed no result for ${key}: ${result.output.slice(0, 160)}`);
  return value as 'open' | 'closed';
};
