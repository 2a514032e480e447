import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeAssets, loadNodeSnapshot } from '../../src/vm/node-assets.ts';
import { buildCollectionScript, parseCollectedState, type StateRequest } from '../../src/state/collect.ts';
import { STAND_IN_NAMESPACE, WARM_UP_SCRIPT } from '../../src/state/warm-up.ts';
import { PAGES_PER_MODULE } from '../../src/vm/compile-small-modules.ts';
import { isVmError } from '../../src/vm/errors.ts';
import type { Machine } from '../../src/vm/machine.ts';
import { run, startFromSnapshot } from './vm-helpers.ts';
import { firstExerciseScript } from '../../image/first-commands.ts';

let machine: Machine;
/** Collects what the learner's terminal shows from now on. */
function terminalOutput(of: Machine): { text: () => string; stop: () => void } {
  let seen = '';
  const stop = of.on('terminal-output', (bytes) => (seen += new TextDecoder().decode(bytes)));
  return { text: () => seen, stop };
}
beforeAll(async () => {
  machine = await startFromSnapshot();
});
afterAll(async () => {
  await machine?.destroy();
});

describe('the guest restored from the snapshot', () => {
  it('answers exec with ip -j link as JSON that names lo, eth0 and eth1', async () => {
    const links = JSON.parse(await run(machine, 'ip -j link')) as Array<{ ifname: string }>;
    expect(links.map((l) => l.ifname)).toEqual(expect.arrayContaining(['lo', 'eth0', 'eth1']));
  });

  it('compiles guest code one page per module, so hot code is compiled sooner', () => {
    expect(machine.pagesPerCompiledModule).toBe(PAGES_PER_MODULE);
  });

  it('has a clock set to the host time, not the snapshot time', async () => {
    const guestSeconds = Number(await run(machine, 'date +%s'));
    expect(Math.abs(guestSeconds - Date.now() / 1000)).toBeLessThan(30);
  });

  it('joins two namespaces through a bridge so they ping each other', async () => {
    await run(
      machine,
      `set -e
       ip netns add t-ns1; ip netns add t-ns2
       ip link add t-br0 type bridge; ip link set t-br0 up
       for n in 1 2; do
         ip link add t-v$n type veth peer name eth0 netns t-ns$n
         ip link set t-v$n master t-br0 up
         ip -n t-ns$n addr add 10.99.0.$n/24 dev eth0
         ip -n t-ns$n link set eth0 up; ip -n t-ns$n link set lo up
       done`,
    );
    const ping = await machine.exec('ping -c1 -W3 10.99.0.2', { namespace: 't-ns1', timeoutMs: 10_000 });
    expect(ping.stdout).toMatch(/1 received/);
    expect(ping.exitCode).toBe(0);
  });

  it('lets a namespace behind the host reach the remote server with MASQUERADE, seen in the server log and conntrack', async () => {
    await run(
      machine,
      `set -e
       ip netns add t-c1
       ip link add t-h1 type veth peer name eth0 netns t-c1
       ip addr add 172.30.0.1/24 dev t-h1; ip link set t-h1 up
       ip -n t-c1 addr add 172.30.0.2/24 dev eth0; ip -n t-c1 link set eth0 up
       ip -n t-c1 route add default via 172.30.0.1
       sysctl -qw net.ipv4.ip_forward=1
       iptables -t nat -A POSTROUTING -s 172.30.0.0/24 -o eth0 -j MASQUERADE`,
    );
    const page = await machine.exec('wget -qO- http://203.0.113.10/masq-test', { namespace: 't-c1', timeoutMs: 15_000 });
    expect(page.stdout).toContain('You came from 198.51.100.10');
    const log = await run(machine, 'cat /run/stacklab/world/server-requests.log');
    expect(log).toMatch(/ 198\.51\.100\.10 \d+ GET \/masq-test\n/);
    const conntrack = await machine.exec('conntrack -L -p tcp --dport 80 2>/dev/null');
    expect(conntrack.stdout).toMatch(/src=172\.30\.0\.2 dst=203\.0\.113\.10 .*dport=80 .*src=203\.0\.113\.10 dst=198\.51\.100\.10/);
  });

  it('reaches 10.51.0.1 once eth1 is 10.50.0.10/16 with a route via 10.50.0.1', async () => {
    const before = await machine.exec('ping -c1 -W1 10.51.0.1');
    expect(before.exitCode).not.toBe(0);
    await run(machine, 'ip addr add 10.50.0.10/16 dev eth1 && ip link set eth1 up && ip route add 10.51.0.0/16 via 10.50.0.1');
    const after = await machine.exec('ping -c1 -W3 10.51.0.1', { timeoutMs: 10_000 });
    expect(after.stdout).toMatch(/1 received/);
  });

  it('runs a command probe in a hidden namespace: exit 0 passes, anything else fails, and its output is kept', async () => {
    const request = {
      namespaces: [],
      probes: [
        { id: 'flap', kind: 'command' as const, from: 'labrouter', target: "ip link set far0 down && ip link set far0 up && echo 'flapped'" },
        { id: 'refused', kind: 'command' as const, from: '', target: 'echo no; exit 3' },
      ],
    };
    const result = await machine.exec(buildCollectionScript(request), { timeoutMs: 20_000 });
    const state = parseCollectedState(result.stdout, request);
    expect(state.probes.flap).toMatchObject({ ok: true, output: 'flapped' });
    expect(state.probes.refused).toMatchObject({ ok: false, exitCode: 3, output: 'no' });
  });

  it('runs probes marked alongside at the same time, before the others, each with its own output and exit code', async () => {
    // "waits" sees the file "marks" makes only if the two run at the same time; one after the other, it gives up after 5 s.
    const flag = '/tmp/alongside-probe-flag';
    const request = {
      namespaces: [],
      probes: [
        { id: 'waits', kind: 'command' as const, from: '', alongside: true, target: `i=0; until [ -e ${flag} ] || [ $i -ge 50 ]; do sleep 0.1; i=$((i+1)); done; [ -e ${flag} ] && echo saw-it` },
        { id: 'later', kind: 'command' as const, from: '', target: `[ -e ${flag} ] && echo after-both` },
        { id: 'marks', kind: 'command' as const, from: 'server', alongside: true, target: `sleep 0.3; touch ${flag}; echo made; exit 4` },
      ],
    };
    await run(machine, `rm -f ${flag}`);
    const result = await machine.exec(buildCollectionScript(request), { timeoutMs: 20_000 });
    const state = parseCollectedState(result.stdout, request);
    expect(state.probes.waits).toMatchObject({ ok: true, output: 'saw-it' });
    expect(state.probes.marks).toMatchObject({ ok: false, exitCode: 4, output: 'made' });
    expect(state.probes.later).toMatchObject({ ok: true, output: 'after-both' });
    await run(machine, `rm -f ${flag}`);
  });

  it('fetches a page with an http probe, and gives up in 2 s, not 5, when the handshake is dropped', async () => {
    const request = { namespaces: [], probes: [{ id: 'page', kind: 'http' as const, from: '', target: '203.0.113.10', path: '/http-probe' }] };
    const fetched = await machine.exec(buildCollectionScript(request), { timeoutMs: 20_000 });
    expect(parseCollectedState(fetched.stdout, request).probes.page).toMatchObject({ ok: true, output: expect.stringContaining('You came from') });
    await run(machine, 'iptables -I OUTPUT -p tcp -d 203.0.113.10 --dport 80 -j DROP');
    try {
      const dropped = await machine.exec(buildCollectionScript(request), { timeoutMs: 20_000 });
      expect(parseCollectedState(dropped.stdout, request).probes.page!.ok).toBe(false);
      // wget alone waits out its 5 s cap; the connection made first gives up after 2 s.
      expect(dropped.durationMs).toBeLessThan(4_000);
    } finally {
      await run(machine, 'iptables -D OUTPUT -p tcp -d 203.0.113.10 --dport 80 -j DROP');
    }
  });

  it('runs the Check warm-up cleanly: every tool it starts exists and succeeds', async () => {
    const result = await machine.exec(WARM_UP_SCRIPT.replace(/>\/dev\/null 2>&1/g, '>/dev/null') + '\necho warmed', { timeoutMs: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('warmed');
  });

  it("warms a Check up on a stand-in for namespaces the learner has not made yet, reading its real links and changing nothing", async () => {
    const request = { namespaces: ['not-made-yet'], ip: ['link' as const], extra: ['nft' as const] };
    const plain = parseCollectedState((await machine.exec(buildCollectionScript(request), { timeoutMs: 20_000 })).stdout, request);
    expect(plain.namespaces['not-made-yet']!.exists).toBe(false);
    const result = await machine.exec(buildCollectionScript(request, { standIn: STAND_IN_NAMESPACE }), { timeoutMs: 20_000 });
    // The sections are named after the namespace read in its place.
    const standIn = parseCollectedState(result.stdout, { ...request, namespaces: [STAND_IN_NAMESPACE] }).namespaces[STAND_IN_NAMESPACE]!;
    expect(standIn.exists).toBe(true);
    expect(standIn.links.map((l) => l.ifname)).toEqual(expect.arrayContaining(['lo', 'lan0']));
    expect(Array.isArray(standIn.nft)).toBe(true);
    expect(await run(machine, 'ip netns list')).not.toMatch(/isp|not-made-yet/);
  });

  it('enters hidden namespaces by name, which ip netns list does not show', async () => {
    expect(await run(machine, 'ip netns list')).not.toMatch(/isp|server|labrouter/);
    const address = await run(machine, 'ip -br addr show eth0', 'server');
    expect(address).toContain('203.0.113.10/24');
  });

  it('survives the agent being killed: the request fails as restarted, the event fires, the next exec works', async () => {
    const restarted = new Promise<number>((resolve) => machine.on('agent-restarted', ({ pid }) => resolve(pid)));
    const killed = machine.exec('kill -9 $PPID; sleep 5', { timeoutMs: 10_000 });
    await expect(killed).rejects.toSatisfy((e: unknown) => isVmError(e, 'agent-restarted'));
    expect(await restarted).toBeGreaterThan(1);
    expect(await run(machine, 'echo back')).toBe('back\n');
  });

  it('stops a hung command at its timeout and stays usable', async () => {
    const started = Date.now();
    await expect(machine.exec('sleep 1000', { timeoutMs: 2000 })).rejects.toSatisfy((e: unknown) => isVmError(e, 'exec-timeout'));
    expect(Date.now() - started).toBeLessThan(6000);
    // The agent killed the whole process group: no 'sleep 1000' is left behind.
    expect(await run(machine, 'ps -o args | grep -c "^sleep 1000$" || true')).toBe('0\n');
  });

  it('stops a background command in flight, and all it started, as soon as a request someone waits for is queued', async () => {
    for (const namespace of [undefined, 'stacklab-cancel']) {
      if (namespace) await run(machine, `ip netns add ${namespace}`);
      const background = machine.exec('sleep 301 & sleep 302; echo finished', { timeoutMs: 20_000, background: true, namespace });
      // The agent has started it before anything else is asked.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const asked = Date.now();
      const answered = run(machine, 'echo answered').then((out) => ({ out, ms: Date.now() - asked }));
      await expect(background, `in ${namespace ?? 'the host namespace'}`).rejects.toSatisfy((e: unknown) => isVmError(e, 'exec-cancelled'));
      const { out, ms } = await answered;
      expect(out).toBe('answered\n');
      expect(ms, 'the waiting request is answered without waiting for the background command').toBeLessThan(3000);
      expect(await run(machine, 'ps -o args | grep -c "^sleep 30[12]$" || true')).toBe('0\n');
      if (namespace) await run(machine, `ip netns del ${namespace}`);
    }
    // The agent reads the next request whole after a cancel, and a cancel byte between requests is skipped.
    expect(await run(machine, 'echo still-in-step')).toBe('still-in-step\n');
  });

  it('tells when the learner terminal is still running a command, and when it is idle', async () => {
    const request = { namespaces: [] };
    const idle = parseCollectedState((await machine.exec(buildCollectionScript(request))).stdout, request);
    expect(idle.terminal).toEqual({ busy: false });
    machine.terminalInput('sleep 7 # still-running\n');
    await expect
      .poll(async () => parseCollectedState((await machine.exec(buildCollectionScript(request))).stdout, request).terminal, { timeout: 5_000 })
      .toEqual({ busy: true, command: 'sleep 7' });
    machine.terminalInput('\x03');
    await expect
      .poll(async () => parseCollectedState((await machine.exec(buildCollectionScript(request))).stdout, request).terminal, { timeout: 5_000 })
      .toEqual({ busy: false });
  });

  it('counts a command that ended as ended while the shell has yet to take the terminal back, and a pipeline as running while part of it runs', async () => {
    const request = { namespaces: [] };
    const terminal = async () => parseCollectedState((await machine.exec(buildCollectionScript(request))).stdout, request).terminal;
    const shell = async () => (await run(machine, 'cat /run/stacklab/learner-shell.pid')).trim();
    /** The terminal's foreground process group, as the shell's /proc stat says (its 8th field). */
    const foreground = async (pid: string) => (await run(machine, `read -r l < /proc/${pid}/stat; set -- \${l##*) }; echo $6`)).trim();

    machine.terminalInput('sleep 2 # ends-unseen\n');
    await expect.poll(terminal, { timeout: 5_000 }).toEqual({ busy: true, command: 'sleep 2' });
    // The shell stopped, its command ends: nobody reaps it or takes the terminal back, as when a busy guest runs the shell late.
    const pid = await shell();
    await run(machine, `kill -STOP ${pid}; sleep 2.5`);
    expect(await foreground(pid), 'the ended command still holds the terminal').not.toBe(pid);
    expect(await terminal()).toEqual({ busy: false });
    await run(machine, `kill -CONT ${pid}`);
    await expect.poll(async () => foreground(pid), { timeout: 5_000 }).toBe(pid);

    // A pipeline's group is named after its first process; once that one has ended, the rest still runs.
    machine.terminalInput('sleep 1 | sleep 6 # pipeline\n');
    await run(machine, 'sleep 2');
    expect(await terminal()).toEqual({ busy: true, command: 'sleep 6' });
    machine.terminalInput('\x03');
    await expect.poll(terminal, { timeout: 5_000 }).toEqual({ busy: false });
  });

  it('tells when lines typed in the terminal have not been read by the shell yet', async () => {
    const request = { namespaces: [] };
    const terminal = async () => parseCollectedState((await machine.exec(buildCollectionScript(request))).stdout, request).terminal;
    // Typed while a command runs: the second line waits in the terminal until the first ends.
    machine.terminalInput('sleep 3 # first\n');
    machine.terminalInput('touch /tmp/typed-ahead\n');
    await expect.poll(terminal, { timeout: 5_000 }).toEqual({ busy: true, command: 'sleep 3', typedAhead: true });
    await expect.poll(terminal, { timeout: 10_000 }).toEqual({ busy: false });
    expect(await run(machine, 'ls /tmp/typed-ahead')).toBe('/tmp/typed-ahead\n');

    // At the prompt with the shell held (a busy guest runs it late): what was typed is still unread.
    const pid = (await run(machine, 'cat /run/stacklab/learner-shell.pid')).trim();
    await run(machine, `kill -STOP ${pid}`);
    machine.terminalInput('rm /tmp/typed-ahead\n');
    await expect.poll(terminal, { timeout: 5_000 }).toEqual({ busy: false, typedAhead: true });
    await run(machine, `kill -CONT ${pid}`);
    await expect.poll(terminal, { timeout: 10_000 }).toEqual({ busy: false });
    expect(await run(machine, 'ls /tmp/typed-ahead 2>&1 || true')).toMatch(/No such file/);
  });

  it('keeps the learner terminal and the agent apart', async () => {
    let terminal = '';
    const off = machine.on('terminal-output', (b) => (terminal += new TextDecoder().decode(b)));
    machine.terminalInput('echo typed-by-learner-$((40+2))\n');
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => machine.exec(`echo agent-${i}; printf 'x%.0s' $(seq 1 2000)`)),
    );
    results.forEach((r, i) => {
      expect(r.stdout.startsWith(`agent-${i}\n`)).toBe(true);
      expect(r.stdout).not.toContain('typed-by-learner');
      expect(r.stdout.length).toBe(`agent-${i}\n`.length + 2000);
    });
    await expect.poll(() => terminal, { timeout: 10_000 }).toContain('typed-by-learner-42');
    expect(terminal).not.toContain('agent-');
    off();
  });

  it('carries binary output and stdin intact', async () => {
    const input = new Uint8Array(256).map((_, i) => i);
    const result = await machine.exec('cat', { stdin: input });
    expect(Array.from(result.stdoutBytes)).toEqual(Array.from(input));
  });

  it('runs each command in a fresh subshell: exit codes, cd and variables do not leak into the next', async () => {
    expect((await machine.exec('cd /tmp; X=1; exit 3')).exitCode).toBe(3);
    expect(await run(machine, 'pwd; echo "[${X:-}]"')).toBe('/\n[]\n');
  });

  it('keeps a background process from writing into the next command', async () => {
    await run(machine, '(sleep 0.3; echo late-output) &');
    await new Promise((r) => setTimeout(r, 600));
    expect(await run(machine, 'echo next')).toBe('next\n');
  });

  it('recovers when a command kills the shell that runs it', async () => {
    const killed = await machine.exec('kill -9 $$');
    expect(killed.exitCode).toBe(137);
    expect(killed.stderr).toMatch(/died/);
    expect(await run(machine, 'echo recovered')).toBe('recovered\n');
  });

  it('frames arbitrary binary output by length', async () => {
    const result = await machine.exec('head -c 4096 /dev/urandom');
    expect(result.stdoutBytes.length).toBe(4096);
    expect(await run(machine, 'echo still-in-sync')).toBe('still-in-sync\n');
  });

  it('keeps answering when the learner fills the disk, and says so when its own space runs out', async () => {
    const fill = await machine.exec('dd if=/dev/zero of=/root/fill bs=1M count=200', { timeoutMs: 60_000 });
    expect(fill.stderr).toMatch(/No space left on device/);
    expect(await run(machine, 'echo still-answering')).toBe('still-answering\n');
    await run(machine, 'rm /root/fill');
    await run(machine, 'dd if=/dev/zero of=/run/fill bs=1M count=64 2>/dev/null || true');
    await expect(machine.exec('true')).rejects.toThrow(/\/run is full .* reset the VM/);
    await machine.exec('rm /run/fill', { namespace: '/proc/1/ns/net' });
    expect(await run(machine, 'echo recovered')).toBe('recovered\n');
  });

  it('resets to the snapshot: what the learner built is gone, the world is back', async () => {
    await run(machine, 'ip netns add t-before-reset');
    await machine.reset();
    expect(await run(machine, 'ip netns list')).toBe('');
    expect(await run(machine, 'ip -br addr show eth1')).not.toContain('10.50.0.10');
  });

  it('draws other random bytes after each reset: a restored random number generator is reseeded, not replayed', async () => {
    // Without a reseed, every restore of the snapshot reads the same bytes for its first seconds,
    // and an exercise set-up would draw the same MAC addresses for every learner.
    const draws: string[] = [];
    for (let i = 0; i < 3; i++) {
      await machine.reset();
      draws.push(await run(machine, 'od -An -N16 -tx1 /dev/urandom'));
    }
    expect(new Set(draws).size, draws.join('')).toBe(3);
  });

  it('keeps the terminal size the learner set across a reset', async () => {
    await machine.resizeTerminal(33, 71);
    expect(await run(machine, 'stty size < /dev/ttyS0')).toBe('33 71\n');
    await machine.reset();
    expect(await run(machine, 'stty size < /dev/ttyS0')).toBe('33 71\n');
  });

  it('saves and restores a state with the learner namespaces in it', async () => {
    await run(machine, 'ip netns add t-saved');
    const state = await machine.saveState();
    await run(machine, 'ip netns del t-saved');
    await machine.restoreState(state);
    expect(await run(machine, 'ip netns list')).toContain('t-saved');
  });

  it('saves between agent requests: a state saved while a command runs restores with an agent that answers at once', async () => {
    const running = machine.exec('sleep 3; echo slept', { timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 500)); // the guest has read the request and runs it
    const state = await machine.saveState();
    expect((await running).stdout).toBe('slept\n');
    const started = Date.now();
    await machine.restoreState(state);
    await machine.ping(1000);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('saves only between disk reads: a state saved while the guest reads its disk restores with a disk that answers', async () => {
    const done = 'disk-read-' + 'done';
    // The image's largest programs, not in the page cache once it is dropped: the reads go to the lazily loaded disk.
    const readDisk = `echo 3 > /proc/sys/vm/drop_caches; cat /usr/lib/frr/* /usr/sbin/* > /dev/null 2>&1; echo ${done}\n`;
    const output = terminalOutput(machine);
    machine.terminalInput(readDisk);
    await expect.poll(() => machine.diskReadsInFlight, { timeout: 10_000, interval: 0 }).toBeGreaterThan(0);
    const state = await machine.saveState();
    await expect.poll(output.text, { timeout: 30_000 }).toContain(done);
    output.stop();

    await machine.restoreState(state);
    const restored = terminalOutput(machine);
    // Saved with a read out, the restored guest would wait about 30 s for its disk, then reset it.
    await expect.poll(restored.text, { timeout: 15_000 }).toContain(done);
    restored.stop();
    expect(await run(machine, 'dmesg | grep -ci "ata.*\\(timeout\\|reset\\|exception\\)" || true')).toBe('0\n');
  });

  it('drops the replaced guest\'s disk reads on a restore: none lands in the restored guest\'s memory', async () => {
    // The restored state's last disk read filled the page cache with zebra; a stale read would land there or nearby.
    const checksum = 'echo 3 > /proc/sys/vm/drop_caches; md5sum /usr/lib/frr/zebra /usr/lib/frr/bgpd';
    const expected = await run(machine, checksum);
    const state = await machine.saveState();
    for (let round = 0; round < 3; round++) {
      machine.terminalInput('cat /usr/sbin/* /usr/bin/* > /dev/null 2>&1\n');
      await expect.poll(() => machine.diskReadsInFlight, { timeout: 10_000, interval: 0 }).toBeGreaterThan(0);
      await machine.restoreState(state);
      expect(await run(machine, 'md5sum /usr/lib/frr/zebra /usr/lib/frr/bgpd')).toBe(expected);
    }
    expect(await run(machine, 'dmesg | grep -ci "ata.*\\(timeout\\|reset\\|exception\\)" || true')).toBe('0\n');
  });

  it('keeps saves and restores in the order asked: a save asked before a restore captures the state before it', async () => {
    await run(machine, 'ip netns add t-order');
    const withNamespace = await machine.saveState();
    await run(machine, 'ip netns del t-order');
    const running = machine.exec('sleep 1; echo done', { timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const saving = machine.saveState();
    const restoring = machine.restoreState(withNamespace);
    expect((await running).stdout).toBe('done\n');
    const saved = await saving;
    await restoring;
    expect(await run(machine, 'ip netns list')).toContain('t-order');
    await machine.restoreState(saved);
    expect(await run(machine, 'ip netns list')).not.toContain('t-order');
  });

  it('keeps the compiled code of unchanged memory across a reset: only the pages the reset changes are invalidated', async () => {
    const cpu = (machine as unknown as { emulator: { v86: { cpu: { jit_clear_cache(): void; jit_dirty_cache(start: number, end: number): void } } } }).emulator.v86.cpu;
    const { jit_clear_cache: clearAll, jit_dirty_cache: dirty } = cpu;
    let clearedAll = 0;
    let invalidatedBytes = 0;
    cpu.jit_clear_cache = () => {
      clearedAll++;
      clearAll.call(cpu);
    };
    cpu.jit_dirty_cache = (start, end) => {
      invalidatedBytes += end - start;
      dirty.call(cpu, start, end);
    };
    try {
      await run(machine, 'ip netns add t-jit; ip -n t-jit link set lo up');
      await machine.reset();
    } finally {
      cpu.jit_dirty_cache = dirty;
    }
    expect(cpu.jit_clear_cache).not.toBe(clearAll); // still the wrapper: the restore put back what it found
    cpu.jit_clear_cache = clearAll;
    expect(clearedAll).toBe(0);
    expect(invalidatedBytes).toBeGreaterThan(0);
    expect(invalidatedBytes).toBeLessThan(0.25 * 128 * 1024 * 1024);
    expect(await run(machine, 'ip netns list')).not.toContain('t-jit');
  });

  it('copies only the pages that hold compiled code for a reset, not all of guest memory, and the guest runs on unharmed', async () => {
    const before = await run(machine, 'ip -j link show lo; sha256sum /usr/sbin/ip');
    await machine.reset();
    const [copy] = performance.getEntriesByName('stacklab:load:memory-copy') as PerformanceMeasure[];
    const { copiedPages, changedPages } = copy!.detail as { copiedPages: number; changedPages: number };
    expect(copiedPages).toBeGreaterThan(0);
    expect(copiedPages).toBeLessThan((0.05 * 128 * 1024 * 1024) / 4096);
    expect(changedPages).toBeLessThanOrEqual(copiedPages);
    expect(await run(machine, 'ip -j link show lo; sha256sum /usr/sbin/ip')).toBe(before);
  });
});

describe('a guest whose hot code is compiled at once, as in the browser\'s emulator worker', () => {
  let atOnce: Machine;
  beforeAll(async () => {
    atOnce = await startFromSnapshot({ compileAtOnce: true });
  });
  afterAll(async () => {
    await atOnce?.destroy();
  });

  it('compiles synchronously and computes what the guest computes interpreted', async () => {
    expect(atOnce.compilesAtOnce).toBe(true);
    // Hot enough to be compiled many times over: any module handed to the wrong place would show.
    const rounds = 30_000;
    let expected = 0;
    for (let i = 0; i < rounds; i++) expected = (expected * 31 + i) % 1_000_003;
    const loop = `i=0; s=0; while [ $i -lt ${rounds} ]; do s=$(( (s*31+i) % 1000003 )); i=$((i+1)); done; echo $s`;
    expect((await run(atOnce, loop)).trim()).toBe(String(expected));
  });

  it('collects the same state Check after Check, from the first (interpreted) to the twelfth (compiled)', async () => {
    const request: StateRequest = { ip: ['link', 'addr', 'route'], terminal: false };
    const script = buildCollectionScript(request);
    const first = parseCollectedState(await run(atOnce, script), request);
    expect(first.namespaces['']!.links.map((l) => l.ifname)).toEqual(expect.arrayContaining(['lo', 'eth0', 'eth1']));
    for (let round = 0; round < 12; round++) {
      expect(parseCollectedState(await run(atOnce, script), request).namespaces).toEqual(first.namespaces);
    }
  });
});

describe("the root disk's first chunks, fetched ahead (src/vm/disk-cache.ts)", () => {
  /** The exercise a learner does first: its solution typed, then its Check's collection (as image/snapshot.ts records it). */
  const firstExercise = firstExerciseScript;

  it("lets a learner's first exercise and its Check run without waiting for a disk chunk", async () => {
    const assets = loadNodeAssets();
    const { info } = await loadNodeSnapshot(assets);
    expect(info.diskPrefetch.length).toBeGreaterThan(5);
    const ahead = await startFromSnapshot({ diskPrefetch: info.diskPrefetch });
    try {
      expect(await ahead.diskPrefetched).toBeGreaterThan(0);
      const held = ahead.diskChunksHeld();
      expect(held).toEqual(expect.arrayContaining(info.diskPrefetch));
      await run(ahead, await firstExercise());
      expect(ahead.diskChunksHeld()).toEqual(held);
    } finally {
      await ahead.destroy();
    }
  });

  it('without them, the guest reads those same chunks itself as the exercise runs', async () => {
    const { info } = await loadNodeSnapshot(loadNodeAssets());
    const plain = await startFromSnapshot();
    try {
      expect(plain.diskChunksHeld()).toEqual([]);
      await run(plain, await firstExercise());
      const read = plain.diskChunksHeld();
      expect(read.length).toBeGreaterThan(5);
      expect(info.diskPrefetch).toEqual(expect.arrayContaining(read));
    } finally {
      await plain.destroy();
    }
  });
});

describe("the load's first-echo measure", () => {
  const FIRST_ECHO = 'stacklab:load:first-echo';
  const until = async (done: () => boolean, what: string) => {
    const deadline = Date.now() + 15_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it("starts at the learner's first keystroke, not at the site's ^L that has the restored shell draw its prompt", async () => {
    const fresh = await startFromSnapshot();
    const output = terminalOutput(fresh);
    try {
      fresh.terminalInput('\x0c');
      await until(() => output.text().includes('root@stacklab'), 'the prompt drawn again');
      performance.clearMeasures(FIRST_ECHO);
      const typedAt = performance.now();
      fresh.terminalInput('e');
      await until(() => performance.getEntriesByName(FIRST_ECHO).length > 0, 'the first echo measured');
      const [echo] = performance.getEntriesByName(FIRST_ECHO);
      expect(echo!.startTime).toBeGreaterThanOrEqual(typedAt);
    } finally {
      output.stop();
      await fresh.destroy();
    }
  });
});
