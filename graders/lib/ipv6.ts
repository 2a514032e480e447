/**
 * IPv6 helpers for graders. A fresh IPv6 address is "tentative" until duplicate address
 * detection (DAD) clears it, a second or two on this guest: a ping from or to it fails meanwhile.
 * So an IPv6 grader's request sets `settleIpv6` (the collection waits for DAD before it reads
 * anything), and its pings retry for 3 s (`ping6Probe`).
 *
 * @example
 * request: { settleIpv6: true, probes: [ping6Probe('host->dual6', '', '2001:db8:20::2')] }
 * read: (s) => ipv6AddressState(s, 'dual', '2001:db8:20::2/64')   // "ready", "missing", "dadfailed"...
 */
import type { CollectedState, Probe } from '../../src/state/collect.ts';
import { addressesOf } from '../../src/state/parse-ip.ts';
import { probeSucceeded } from './probes.ts';

/** An IPv6 ping from `from` to `target` that passes on the first answer within 3 s. */
export const ping6Probe = (id: string, from: string, target: string): Probe => ({
  id,
  kind: 'command',
  from,
  target: `ping -6 -c1 -w3 ${target}`,
});

/**
 * Whether `address` ("2001:db8:1::2/64") is on an interface of `ns` and usable: "ready",
 * "missing", "tentative" (DAD still running when the state was read) or "dadfailed" (another
 * interface on the link has it).
 */
export function ipv6AddressState(state: CollectedState, ns: string, address: string): 'ready' | 'missing' | 'tentative' | 'dadfailed' {
  const here = state.namespaces[ns];
  if (!Object.values(addressesOf(here, 'inet6')).flat().includes(address)) return 'missing';
  return here?.notReady?.[address] ?? 'ready';
}

/** A learner's words for an address state that is not "ready", or the IPv6 addresses `ns` has instead. */
export function describeIpv6Address(state: CollectedState, ns: string, address: string): string {
  const status = ipv6AddressState(state, ns, address);
  if (status === 'dadfailed') return `${address} failed duplicate address detection: another interface on the link has the same address`;
  if (status === 'tentative') return `${address} was still tentative (duplicate address detection had not finished)`;
  const global = Object.values(addressesOf(state.namespaces[ns], 'inet6')).flat().filter((a) => !a.startsWith('fe80:'));
  return `no ${address}; its global IPv6 addresses are ${global.length ? global.join(', ') : 'none'}`;
}

/**
 * The addresses a gateway on interface `ifname` of `ns` answers to (no prefix lengths): its
 * global ones and its link-local ones, since an IPv6 route may name either.
 */
export function gatewayAddresses(state: CollectedState, ns: string, ifname: string): string[] {
  return (addressesOf(state.namespaces[ns], 'inet6')[ifname] ?? []).map((a) => a.split('/')[0]!);
}

/** Where IPv6 addresses were still tentative after the collection's wait, for the feedback of a ping that failed. */
export function unsettledNote(state: CollectedState): string {
  const pending = state.ipv6Unsettled ?? [];
  return pending.length ? ` (addresses still tentative in ${pending.map((n) => n || 'the host').join(', ')})` : '';
}

/** A check's `read` for a ping probe: "answers", or "no answer" with the addresses still tentative, if any. */
export const pingAnswer = (probe: string) => (state: CollectedState): string =>
  probeSucceeded(probe)(state) ? 'answers' : `no answer${unsettledNote(state)}`;
