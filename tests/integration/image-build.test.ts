/**
 * The image build runs on any x86-64 Debian: it never executes a guest (i386) binary on the
 * host, and what it learns about guest binaries it reads from their files.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Machine } from '../../src/vm/machine.ts';
import { runWatchingExecs, type WatchedRun } from '../support/host-execs.ts';
import { run, startFromSnapshot } from './vm-helpers.ts';

const repo = resolve(import.meta.dirname, '../..');
const sharedCache = process.env.STACKLAB_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'stacklab');
/** Applets rootfs.sh never links, because a real tool (or nothing at all) must answer to the name: its own list. */
const NEVER_LINKED = /^shadow_never=" (.*) "$/m.exec(readFileSync(join(repo, 'image/rootfs.sh'), 'utf8'))![1]!.split(' ');

describe('the root filesystem step (image/rootfs.sh)', () => {
  const cache = mkdtempSync(join(tmpdir(), 'stacklab-rootfs-'));
  const stage = join(cache, 'rootfs');
  let build: WatchedRun;

  beforeAll(async () => {
    // A cache of its own (the real build's stays untouched), with the downloaded packages shared.
    mkdirSync(join(sharedCache, 'apt'), { recursive: true });
    symlinkSync(join(sharedCache, 'apt'), join(cache, 'apt'));
    build = await runWatchingExecs('bash', ['image/rootfs.sh'], {
      cwd: repo,
      env: { ...process.env, STACKLAB_CACHE: cache, STACKLAB_IMAGE_OUT: join(cache, 'out') },
      // About two minutes alone; far more on a machine busy with other VMs.
      timeoutMs: 1_200_000,
    });
  }, 1_260_000);

  it('builds the root filesystem without executing any i386 binary on the host', () => {
    expect(build.stderr.slice(-2000), 'rootfs.sh failed').toContain('root filesystem:');
    expect(build.code).toBe(0);
    expect(build.i386.map((attempt) => `${attempt.program} (in ${attempt.cwd})`)).toEqual([]);
    // The watch saw the step's real work, so an empty list above means something.
    const programs = build.attempts.map((attempt) => attempt.program);
    expect(programs.some((program) => program.endsWith('/dpkg-deb'))).toBe(true);
    expect(programs.some((program) => /\/(gcc|cc1)(-\d+)?$/.test(program))).toBe(true);
  });

  it('refuses and reports a step that runs an i386 binary (the old busybox --list), so the check above can fail', async () => {
    const old = await runWatchingExecs(
      'bash',
      ['-c', 'usr/lib/i386-linux-gnu/ld-linux.so.2 --library-path usr/lib/i386-linux-gnu usr/bin/busybox --list || ls >/dev/null'],
      { cwd: stage, env: process.env, timeoutMs: 60_000 },
    );
    expect(old.i386.map((attempt) => attempt.program)).toContain('usr/lib/i386-linux-gnu/ld-linux.so.2');
    // Host programs still run: only the i386 one was refused.
    expect(old.attempts.filter((a) => !a.refused).map((a) => a.program)).toContain('/usr/bin/ls');
  });

  it('reads the guest busybox applet table from the file', () => {
    const applets = execFileSync('perl', ['image/lib/busybox-applets.pl', join(stage, 'usr/bin/busybox')], { cwd: repo, encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(applets).toEqual([...applets].sort());
    expect(applets).toEqual(expect.arrayContaining(['[', '[[', 'ls', 'sed', 'wget', 'vi', 'nsenter', 'zcat']));
  });

  it('refuses a file that is not a busybox binary, saying so', () => {
    let message = '';
    try {
      execFileSync('perl', ['image/lib/busybox-applets.pl', join(stage, 'usr/bin/bash')], { cwd: repo, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      message = String((error as { stderr?: string }).stderr);
    }
    expect(message).toMatch(/no busybox applet table found/);
  });

  afterAll(() => rmSync(cache, { recursive: true, force: true }));
});

describe('the guest as built', () => {
  let machine: Machine;
  beforeAll(async () => {
    machine = await startFromSnapshot();
  });
  afterAll(() => machine?.destroy());

  describe('its busybox applets', () => {
    it('are the ones the guest busybox itself lists, each linked unless a real tool owns the name', async () => {
      const listed = (await run(machine, 'busybox --list')).trim().split('\n');
      expect(listed.length).toBeGreaterThan(100);
      const script = `for a in ${listed.filter((name) => !NEVER_LINKED.includes(name)).map((name) => `'${name}'`).join(' ')}; do ` +
        '[ -e "/usr/bin/$a" ] || [ -e "/usr/sbin/$a" ] || echo "$a"; done';
      expect((await run(machine, script)).trim()).toBe('');
      // A name busybox must never take: iproute2's ip stays iproute2's.
      expect(await run(machine, 'readlink -f "$(command -v ip)"')).not.toMatch(/busybox/);
    });
  });

  describe('its man pages', () => {
    it('show a page at once, without the outdated-database warning, since the build indexes them on the host', async () => {
      const page = await run(machine, 'MANPAGER=cat man ip 2>&1 | head -3');
      expect(page).not.toMatch(/mandoc\.db|makewhatis/);
      expect(page.split('\n')[0]).toMatch(/^IP\(8\)/);
    });

    it('are found by keyword (man -k), from that index', async () => {
      const found = await run(machine, 'man -k neighbour 2>&1');
      expect(found).toMatch(/^ip-neighbour\(8\) - /m);
    });
  });
});
