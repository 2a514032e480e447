import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradeOutput, runningCommandNotice, TYPED_AHEAD_NOTICE } from '../../src/grading/grade.ts';
import { graderFor } from '../../src/grading/grader.ts';
import { loadGraders } from '../../src/grading/registry.ts';
import { buildCollectionScript, parseCollectedState, StateParseError } from '../../src/state/collect.ts';
import { findLink, isUp } from '../../src/state/parse-ip.ts';
import { sceneRequest } from '../fixtures/state/scenes.ts';

const fixture = (name: string) => readFileSync(`tests/fixtures/state/${name}.txt`, 'utf8');
const request = sceneRequest('red-blue-veth');

describe('state collection on recorded guest output', () => {
  it('reads namespaces, links, addresses, routes and sysctls of the host and each namespace', () => {
    const state = parseCollectedState(fixture('red-blue-veth'), request);
    expect(state.netns).toEqual(['blue', 'red']);
    expect(Object.keys(state.namespaces).sort()).toEqual(['', 'blue', 'red']);
    expect(state.namespaces['']!.addresses.eth1).toContain('10.50.0.10/16');
    expect(state.namespaces['']!.routes).toContainEqual(expect.objectContaining({ dst: '10.51.0.0/16', gateway: '10.50.0.1' }));
    expect(findLink(state.namespaces.red, 'veth1')?.linkinfo?.info_kind).toBe('veth');
    expect(isUp(findLink(state.namespaces.red, 'lo'))).toBe(true);
    expect(isUp(findLink(state.namespaces.blue, 'lo'))).toBe(false);
    expect(state.sysctls['']!['net.ipv4.ip_forward']).toBe('0');
  });

  it('reads each sysctl as grep -H prints it: a missing key is empty, a value keeps its tabs, older recordings with = still read', () => {
    const sysctlRequest = { namespaces: [''], ip: [], sysctls: ['net.ipv4.ip_forward', 'net.ipv4.tcp_rmem', 'net.ipv4.nope'] };
    const output = (body: string) => `\n\x1enetns\n\n\x1eip:\n\n\x1esysctl:\n${body}\n\x1eend\n`;
    const fromGrep = output('/proc/sys/net/ipv4/ip_forward:1\n/proc/sys/net/ipv4/tcp_rmem:4096\t131072\t844032\ngrep: /proc/sys/net/ipv4/nope: No such file or directory');
    expect(parseCollectedState(fromGrep, sysctlRequest).sysctls['']).toEqual({ 'net.ipv4.ip_forward': '1', 'net.ipv4.tcp_rmem': '4096\t131072\t844032', 'net.ipv4.nope': '' });
    const recordedBefore = output('/proc/sys/net/ipv4/ip_forward=1\n/proc/sys/net/ipv4/nope=');
    expect(parseCollectedState(recordedBefore, sysctlRequest).sysctls['']).toEqual({ 'net.ipv4.ip_forward': '1', 'net.ipv4.nope': '' });
    expect(buildCollectionScript(sysctlRequest)).toContain("grep -H '' /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/tcp_rmem /proc/sys/net/ipv4/nope");
  });

  it('reads probe outcomes and the remote server log', () => {
    const state = parseCollectedState(fixture('red-blue-veth'), request);
    expect(state.probes['red->10.0.0.1']).toMatchObject({ ok: true, exitCode: 0 });
    expect(state.probes['server->host:80']).toMatchObject({ ok: false, exitCode: 1 });
    expect(state.probes['host->server']!.output).toContain('You came from 198.51.100.10');
    expect(state.serverLog).toContainEqual({ source: '198.51.100.10', path: '/recorded' });
  });

  it('sees a fresh guest: no learner namespaces, eth1 down, the lab unreachable', () => {
    const state = parseCollectedState(fixture('fresh'), sceneRequest('fresh'));
    expect(state.netns).toEqual([]);
    expect(isUp(findLink(state.namespaces[''], 'eth1'))).toBe(false);
    expect(state.probes['host->farhost']!.ok).toBe(false);
  });

  it('refuses truncated output instead of grading half a state', () => {
    const whole = fixture('red-blue-veth');
    for (const cut of [0.2, 0.5, 0.9, 0.999]) {
      expect(() => parseCollectedState(whole.slice(0, Math.floor(whole.length * cut)), request)).toThrow(StateParseError);
    }
  });

  it('refuses garbage in place of iproute2 JSON', () => {
    const garbled = fixture('red-blue-veth').replace('"ifname":"veth1"', '"ifname":veth1');
    expect(() => parseCollectedState(garbled, request)).toThrow(/not JSON/);
    expect(() => parseCollectedState('random bytes \x00\x1e\x1e', request)).toThrow(/truncated/);
  });

  it('refuses output that lacks a requested probe', () => {
    const withoutProbe = fixture('red-blue-veth').replace('\x1eprobe:host->server', '\x1eprobe:something-else');
    expect(() => parseCollectedState(withoutProbe, request)).toThrow(/probe host->server is missing/);
  });

  it('reports a namespace the learner has not created as not existing', () => {
    const state = parseCollectedState(fixture('fresh'), { namespaces: [] });
    const script = buildCollectionScript({ namespaces: ['', 'red'] });
    expect(script).toContain(`for ns in '' 'red'; do`);
    expect(state.namespaces['']!.exists).toBe(true);
  });

  it('reports a missing namespace as not existing, rather than failing on the error that stands in place of its rule sets', () => {
    const state = parseCollectedState(fixture('namespace-gone'), sceneRequest('namespace-gone'));
    expect(state.namespaces.gone).toMatchObject({ exists: false, links: [] });
    expect(state.namespaces.gone!.nft).toBeUndefined();
    expect(state.namespaces['']!.exists).toBe(true);
    expect(state.namespaces['']!.nft).toEqual([expect.objectContaining({ metainfo: expect.any(Object) })]);
    expect(state.namespaces['']!.qdiscs?.length).toBeGreaterThan(0);
  });

  it('still refuses an unreadable rule set in a namespace that exists', () => {
    const recorded = fixture('namespace-gone');
    const broken = recorded.replace(/(\x1enft:\n)\{"nftables".*\n/, '$1Segmentation fault\n');
    expect(broken).not.toBe(recorded);
    expect(() => parseCollectedState(broken, sceneRequest('namespace-gone'))).toThrow(StateParseError);
  });

  it("reads whether the learner's terminal is still running a command", () => {
    const output = (terminal: string) => `\n\x1enetns\n\n\x1eterminal\n${terminal}\n\x1eend\n`;
    expect(parseCollectedState(output('shell 100 fg 100\n'), { namespaces: [] }).terminal).toEqual({ busy: false });
    expect(parseCollectedState(output('shell 100 fg 231\nping -c 100 10.51.0.1 \n'), { namespaces: [] }).terminal).toEqual({
      busy: true,
      command: 'ping -c 100 10.51.0.1',
    });
    expect(parseCollectedState(output(''), { namespaces: [] }).terminal).toBeUndefined();
  });

  it('reads whether lines typed in the terminal were still waiting for the shell, and not from an agent that does not count them', () => {
    const output = (terminal: string) => `\n\x1enetns\n\n\x1eterminal\n${terminal}\n\x1eend\n`;
    expect(parseCollectedState(output('shell 100 fg 100 unread 17\n'), { namespaces: [] }).terminal).toEqual({ busy: false, typedAhead: true });
    expect(parseCollectedState(output('shell 100 fg 100 unread 0\n'), { namespaces: [] }).terminal).toEqual({ busy: false });
    expect(parseCollectedState(output('shell 100 fg 231 unread 9\nsleep 5 \n'), { namespaces: [] }).terminal).toEqual({ busy: true, command: 'sleep 5', typedAhead: true });
  });

  it('refuses a namespace that is only half made, naming it, and still says which command was running', async () => {
    const grader = graderFor((await loadGraders(['netns-red-blue']))['netns-red-blue']!);
    const start = readFileSync(new URL('../fixtures/graders/netns-red-blue/start.txt', import.meta.url), 'utf8');
    const halfMade = start
      .replace('\x1enetns\n', '\x1enetns\nred\n')
      .replace('Cannot open network namespace "red": No such file or directory', 'setting the network namespace "red" failed: Invalid argument')
      .replace('\x1eend\n', '\x1eterminal\nshell 100 fg 231 unread 0\nip netns add red \n\x1eend\n');
    expect(halfMade).toContain('failed: Invalid argument');
    expect(() => parseCollectedState(halfMade, grader.request)).toThrow(/namespace red is only half made: .*ip netns add/);
    const report = gradeOutput(grader, halfMade);
    expect(report.status).toBe('error');
    expect(report.message).toMatch(/namespace red is only half made/);
    expect(report.notice).toBe(runningCommandNotice('ip netns add red'));
  });

  it('says in the report that typed commands had not run yet, and that a running command matters more', async () => {
    const grader = graderFor((await loadGraders(['netns-red-blue']))['netns-red-blue']!);
    const start = readFileSync(new URL('../fixtures/graders/netns-red-blue/start.txt', import.meta.url), 'utf8');
    const output = (terminal: string) => start.replace('\x1eend\n', `\x1eterminal\n${terminal}\n\x1eend\n`);
    expect(gradeOutput(grader, output('shell 100 fg 100 unread 17\n')).notice).toBe(TYPED_AHEAD_NOTICE);
    expect(gradeOutput(grader, output('shell 100 fg 100 unread 0\n')).notice).toBeUndefined();
    expect(gradeOutput(grader, output('shell 100 fg 231 unread 9\nsleep 5 \n')).notice).toBe(runningCommandNotice('sleep 5'));
  });

  it('adds neither notice to a pass: what it names held when the Check read the VM', async () => {
    const grader = graderFor((await loadGraders(['netns-red-blue']))['netns-red-blue']!);
    const solved = readFileSync(new URL('../fixtures/graders/netns-red-blue/solution.txt', import.meta.url), 'utf8');
    const output = (terminal: string) => solved.replace('\x1eend\n', `\x1eterminal\n${terminal}\n\x1eend\n`);
    for (const terminal of ['shell 100 fg 100 unread 17\n', 'shell 100 fg 231 unread 9\nsleep 5 \n']) {
      const report = gradeOutput(grader, output(terminal));
      expect(report.status).toBe('pass');
      expect(report.notice).toBeUndefined();
    }
  });
});
