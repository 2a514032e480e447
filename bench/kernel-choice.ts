/**
 * bench/kernel-choice: the two kernel options, side by side in one run.
 *   npx tsx bench/kernel-choice.ts [--runs N]
 *   A) the project's custom kernel (public/vm/bzImage: everything built in, no modules);
 *   B) Debian's stock linux-image-6.1.0-*-686 with the lessons' network modules loaded from
 *      an initramfs by busybox insmod.
 * Both boot in v86 (128 MiB) from a small gzip initramfs built here: a static busybox and an
 * /init that prints /proc/uptime markers on ttyS0 and powers off. Runs alternate A, B, A, B;
 * figures are medians. Needs the image built (npm run build:image) and network access for
 * image/apt.sh the first time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { V86, type V86Options } from 'v86';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const vmDir = join(repo, 'public/vm');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 2;
const bootTimeoutMs = 300_000;
const cmdline = 'console=ttyS0 quiet loglevel=3 mitigations=off';

/** The modules the lessons need (their dependencies are added from each module's .modinfo). */
const wanted = [
  'veth', 'bridge', '8021q', 'bonding', 'macvlan', 'ipvlan', 'vrf', 'dummy', 'tun',
  'nf_tables', 'nft_chain_nat', 'nft_ct', 'nft_masq', 'nft_nat', 'nf_nat', 'nf_conntrack',
  'nf_conntrack_netlink', 'x_tables', 'ip_tables', 'iptable_filter', 'iptable_nat',
  'xt_MASQUERADE', 'xt_conntrack', 'sch_netem', 'sch_htb', 'sch_tbf', 'br_netfilter',
];
/** Module parameters matching the custom image's command line (bonding.max_bonds=0 ...). */
const moduleArgs: Record<string, string> = { bonding: 'max_bonds=0', dummy: 'numdummies=0' };

// ---------- small helpers ----------

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', cwd: repo }).trim();
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const sec = (s: number) => `${s.toFixed(1)} s`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (i: number) => s[i] ?? NaN;
  return s.length % 2 ? at((s.length - 1) >> 1) : (at(s.length / 2 - 1) + at(s.length / 2)) / 2;
};
const modName = (file: string) => basename(file).replace(/\.ko(\.xz|\.zst|\.gz)?$/, '').replace(/-/g, '_');

/** Downloads Debian i386 packages through the project's private apt state; returns .deb paths. */
const aptDownload = (...pkgs: string[]) => sh('bash', ['image/apt.sh', ...pkgs]).split('\n');

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** The `depends=` field of a kernel module's .modinfo section (ELF32, little-endian). */
function moduleDepends(ko: Buffer): string[] {
  const shoff = ko.readUInt32LE(0x20), shentsize = ko.readUInt16LE(0x2e);
  const shnum = ko.readUInt16LE(0x30), shstrndx = ko.readUInt16LE(0x32);
  const sect = (i: number) => {
    const h = shoff + i * shentsize;
    return { name: ko.readUInt32LE(h), off: ko.readUInt32LE(h + 0x10), size: ko.readUInt32LE(h + 0x14) };
  };
  const strtab = sect(shstrndx);
  for (let i = 0; i < shnum; i++) {
    const s = sect(i);
    const nameEnd = ko.indexOf(0, strtab.off + s.name);
    if (ko.toString('latin1', strtab.off + s.name, nameEnd) !== '.modinfo') continue;
    for (const kv of ko.toString('latin1', s.off, s.off + s.size).split('\0')) {
      if (kv.startsWith('depends=')) return kv.slice(8).split(',').filter(Boolean).map((d) => d.replace(/-/g, '_'));
    }
    return [];
  }
  throw new Error('no .modinfo section');
}

/** A cpio "newc" archive (what the kernel's initramfs unpacker reads), built without root. */
type Entry = { path: string; mode: number; data?: Buffer; rdev?: [number, number] };
function cpioNewc(entries: Entry[]): Buffer {
  const parts: Buffer[] = [];
  const pad = (n: number) => Buffer.alloc((4 - (n % 4)) % 4);
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  [...entries, { path: 'TRAILER!!!', mode: 0 }].forEach((e: Entry, i) => {
    const data = e.data ?? Buffer.alloc(0);
    const name = Buffer.from(`${e.path}\0`);
    const [maj, min] = e.rdev ?? [0, 0];
    const header = '070701' + [i + 1, e.mode, 0, 0, 1, 0, data.length, 0, 0, maj, min, name.length, 0].map(hex).join('');
    parts.push(Buffer.from(header), name, pad(110 + name.length), data, pad(data.length));
  });
  return Buffer.concat(parts);
}

const dir = (path: string): Entry => ({ path, mode: 0o40755 });
const file = (path: string, data: Buffer | string, mode = 0o100755): Entry => ({ path, mode, data: Buffer.from(data) });

/** Busybox, /dev/console and an /init that prints uptime markers, optionally loads modules, powers off. */
function buildInitramfs(busybox: Buffer, modules: { name: string; data: Buffer }[]): Buffer {
  const loads = modules.map(
    (m) => `/bin/busybox insmod /m/${m.name}.ko ${moduleArgs[m.name] ?? ''} || echo "@@FAIL ${m.name}"`,
  );
  const init = [
    '#!/bin/busybox sh',
    '/bin/busybox mount -t proc proc /proc',
    'echo "@@INIT $(/bin/busybox cat /proc/uptime)"',
    ...(modules.length ? ['echo "@@MODSTART $(/bin/busybox cat /proc/uptime)"', ...loads] : []),
    'echo "@@MODS $(/bin/busybox cat /proc/modules 2>/dev/null | /bin/busybox wc -l) $(/bin/busybox cat /proc/uptime)"',
    'echo "@@DONE $(/bin/busybox cat /proc/uptime)"',
    '/bin/busybox poweroff -f',
    '',
  ].join('\n');
  const entries: Entry[] = [
    dir('bin'), dir('dev'), dir('proc'), dir('sys'), dir('m'),
    { path: 'dev/console', mode: 0o20600, rdev: [5, 1] },
    file('bin/busybox', busybox),
    { path: 'bin/sh', mode: 0o120777, data: Buffer.from('busybox') },
    file('init', init),
    ...modules.map((m) => file(`m/${m.name}.ko`, m.data, 0o100644)),
  ];
  return gzipSync(cpioNewc(entries), { level: 9 });
}

/** Resolves `wanted` plus dependencies into load order (dependencies first), crc32c_generic first. */
function resolveModules(modRoot: string): { name: string; data: Buffer }[] {
  const files = new Map(walk(modRoot).filter((f) => /\.ko(\.xz)?$/.test(f)).map((f) => [modName(f), f]));
  const read = (name: string): Buffer => {
    const f = files.get(name);
    if (!f) throw new Error(`module ${name} is not in ${modRoot}`);
    return f.endsWith('.xz') ? execFileSync('xz', ['-dc', f], { maxBuffer: 1 << 28 }) : readFileSync(f);
  };
  const order: { name: string; data: Buffer }[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const data = read(name);
    moduleDepends(data).forEach(visit);
    order.push({ name, data });
  };
  // The trap: crc32c-intel fails without SSE4.2, and libcrc32c (under nf_conntrack) then finds
  // no crc32c; the generic one must be in before.
  ['crc32c_generic', ...wanted].forEach(visit);
  return order;
}

// ---------- one boot ----------

interface Result { initAt: number; modulesS: number; modules: number; wallS: number; failed: string[] }

async function boot(bzimage: string, initrd: string): Promise<Result> {
  const t0 = performance.now();
  const emulator = new V86({
    wasm_path: join(dirname(createRequire(import.meta.url).resolve('v86')), 'v86.wasm'),
    memory_size: 128 * 1024 * 1024,
    vga_memory_size: 2 * 1024 * 1024,
    autostart: true,
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
    acpi: false,
    fastboot: true,
    log_level: 0,
    bios: { url: join(vmDir, 'seabios.bin') },
    vga_bios: { url: join(vmDir, 'vgabios.bin') },
    bzimage: { url: bzimage },
    initrd: { url: initrd },
    cmdline,
  } as V86Options);
  const lines: string[] = [];
  let line = '';
  const result: Partial<Result> & { failed: string[] } = { failed: [] };
  let modStart = 0;
  try {
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error('timed out')), bootTimeoutMs);
      emulator.add_listener('serial0-output-byte', (byte: number) => {
        if (byte !== 10) return void (line += String.fromCharCode(byte));
        const l = line.replace(/\r$/, '');
        line = '';
        lines.push(l);
        const [marker, ...f] = l.trim().split(/\s+/);
        if (marker === '@@INIT') result.initAt = Number(f[0]);
        if (marker === '@@MODSTART') modStart = Number(f[0]);
        if (marker === '@@FAIL') result.failed.push(f[0] ?? '?');
        if (marker === '@@MODS') {
          result.modules = Number(f[0]);
          result.modulesS = modStart ? Number(f[1]) - modStart : 0;
        }
        if (marker === '@@DONE') {
          result.wallS = (performance.now() - t0) / 1000;
          clearTimeout(timer);
          done();
        }
      });
    });
  } catch (e) {
    const tail = [...lines, line].slice(-40).join('\n');
    throw new Error(`${(e as Error).message} booting ${bzimage}; console said:\n${tail}`);
  } finally {
    await emulator.destroy();
  }
  return result as Result;
}

// ---------- main ----------

const tmp = mkdtempSync(join(tmpdir(), 'stacklab-kernel-choice-'));
try {
  console.log(`Stacklab bench/kernel-choice — ${runs} runs each (alternating), ${new Date().toISOString()}`);

  // Packages: busybox-static, and the real image package behind the linux-image-686 metapackage.
  const [busyboxDeb = '', metaDeb = ''] = aptDownload('busybox-static', 'linux-image-686');
  const imagePkg = sh('dpkg-deb', ['-f', metaDeb, 'Depends']).match(/linux-image-6\.1\.0-[\w.-]+-686\b/)?.[0];
  if (!imagePkg) throw new Error(`no linux-image-6.1.0-*-686 in the Depends of ${metaDeb}`);
  const [imageDeb = ''] = aptDownload(imagePkg);
  execFileSync('dpkg-deb', ['-x', busyboxDeb, join(tmp, 'bb')]);
  execFileSync('dpkg-deb', ['-x', imageDeb, join(tmp, 'debian')]);
  const busybox = readFileSync(join(tmp, 'bb/bin/busybox'));
  const version = readdirSync(join(tmp, 'debian/lib/modules'))[0] ?? '';
  const debianKernel = join(tmp, `debian/boot/vmlinuz-${version}`);

  // The custom kernel and its .config (the cache entry whose bzImage is the one in public/vm).
  const customKernel = join(vmDir, 'bzImage');
  const cacheRoot = join(process.env.STACKLAB_CACHE ?? join(process.env.HOME ?? '', '.cache/stacklab'), 'kernel');
  const customBytes = readFileSync(customKernel);
  const customCache = readdirSync(cacheRoot)
    .map((d) => join(cacheRoot, d))
    .find((d) => {
      try { return readFileSync(join(d, 'bzImage')).equals(customBytes); } catch { return false; }
    });
  const customConfig = customCache ? readFileSync(join(customCache, 'config'), 'utf8') : '';

  // Initramfs images.
  const modules = resolveModules(join(tmp, 'debian/lib/modules', version, 'kernel'));
  const initrdA = join(tmp, 'initrd-a.gz');
  const initrdB = join(tmp, 'initrd-b.gz');
  writeFileSync(initrdA, buildInitramfs(busybox, []));
  writeFileSync(initrdB, buildInitramfs(busybox, modules));
  rmSync(join(tmp, 'debian/lib'), { recursive: true, force: true });

  const options = {
    A: { label: 'custom kernel', bzimage: customKernel, initrd: initrdA, results: [] as Result[] },
    B: { label: `debian ${imagePkg}`, bzimage: debianKernel, initrd: initrdB, results: [] as Result[] },
  };
  console.log(`A = ${customKernel}${customCache ? ` (config ${customCache}/config)` : ''}`);
  console.log(`B = ${imagePkg} (${version}), ${modules.length} modules in load order: ${modules.map((m) => m.name).join(' ')}`);
  console.log(`cmdline: ${cmdline}`);

  for (let i = 0; i < runs; i++) {
    for (const key of ['A', 'B'] as const) {
      const o = options[key];
      const r = await boot(o.bzimage, o.initrd);
      o.results.push(r);
      console.log(
        `  run ${i + 1} ${key}: /init at ${sec(r.initAt)}, modules ${sec(r.modulesS)} (${r.modules}), ` +
          `wall ${sec(r.wallS)}${r.failed.length ? `, insmod failed: ${r.failed.join(' ')}` : ''}`,
      );
    }
  }

  const summary = (key: 'A' | 'B') => {
    const o = options[key];
    const m = (f: (r: Result) => number) => median(o.results.map(f));
    return {
      bz: statSync(o.bzimage).size, rd: statSync(o.initrd).size,
      initAt: m((r) => r.initAt), modulesS: m((r) => r.modulesS), wallS: m((r) => r.wallS), modules: m((r) => r.modules),
    };
  };
  const a = summary('A');
  const b = summary('B');
  for (const [key, s] of [['A', a], ['B', b]] as const) {
    console.log(
      `${options[key].label}: bzImage ${mb(s.bz)}, initramfs ${mb(s.rd)}, /init at ${sec(s.initAt)}, ` +
        `module loading ${sec(s.modulesS)} (${s.modules} modules), wall to final marker ${sec(s.wallS)} (medians)`,
    );
  }
  const ratio = (x: number, y: number) => `${(x / y).toFixed(2)}x`;
  console.log(
    `ratios B/A: bzImage ${ratio(b.bz, a.bz)}, initramfs ${ratio(b.rd, a.rd)}, /init at ${ratio(b.initAt, a.initAt)}, ` +
      `wall ${ratio(b.wallS, a.wallS)}`,
  );
  const modulesOff = /^# CONFIG_MODULES is not set$/m.test(customConfig);
  console.log(
    `A loads no modules (${a.modules} in /proc/modules); its .config ${
      customConfig ? (modulesOff ? 'says "# CONFIG_MODULES is not set"' : 'HAS module support enabled') : 'was not found in the cache'
    }.`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
