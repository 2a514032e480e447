/**
 * SCORM packaging: the zip holds a valid SCORM 2004 4th Edition imsmanifest.xml with a SCO per
 * lesson and the shared files, the lesson pages load everything by relative URLs, and the
 * adapter, run against an API_1484_11 object made to the run-time API's calls, initializes,
 * reports the learner's Check results as score, completion and success, commits and
 * terminates once.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { strFromU8, unzipSync } from 'fflate';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCORM_SCHEMA_VERSION } from '../../src/scorm/manifest.ts';
import { ADAPTER_PATH, adapterSource, buildScormPackage, packagedLessonPage, packagedScript, PackageError } from '../../src/scorm/package.ts';

let dist: string;
beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'stacklab-scorm-'));
  for (const dir of ['lessons/veth-pairs', 'lessons/bridges', '_astro', 'vm/disk-1', 'exams/x']) mkdirSync(join(dist, dir), { recursive: true });
  const page = (title: string) => `<!doctype html><html><head><title>${title}</title><link rel="stylesheet" href="/_astro/site.css"><script type="module" src="/_astro/page.js"></script></head><body><a href="/lessons/bridges/">next</a><a href="https://example.org/x">out</a></body></html>`;
  writeFileSync(join(dist, 'lessons/veth-pairs/index.html'), page('Veth pairs &amp; cables'));
  writeFileSync(join(dist, 'lessons/bridges/index.html'), page('Bridges'));
  writeFileSync(join(dist, 'exams/x/index.html'), page('An exam'));
  writeFileSync(join(dist, '_astro/page.js'), 'const r=await fetch(`/vm/image.json`);import(`/_astro/v86.wasm`);');
  writeFileSync(join(dist, '_astro/site.css'), 'body{}');
  // The build's compressed copies, for a server to send in a file's place: an LMS serves files as they are.
  writeFileSync(join(dist, '_astro/page.js.br'), 'br');
  writeFileSync(join(dist, '_astro/page.js.gz'), 'gz');
  writeFileSync(join(dist, 'vm/image.json'), '{}');
  writeFileSync(join(dist, 'vm/disk-1/0.bin.zst'), new Uint8Array([40, 181, 47, 253]));
  writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('SCORM package', () => {
  const exercisesOf = new Map([['veth-pairs', ['veth-testns', 'eth1-up']], ['bridges', ['bridge-three']]]);

  it('holds a valid SCORM 2004 4th Edition manifest with one SCO per lesson and the shared files', () => {
    const zip = unzipSync(buildScormPackage({ distDir: dist, lessons: ['veth-pairs', 'bridges'], exercisesOf }));
    const xml = strFromU8(zip['imsmanifest.xml']!);
    expect(XMLValidator.validate(xml)).toBe(true);
    const manifest = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['item', 'resource', 'file', 'dependency'].includes(name) }).parse(xml).manifest;
    expect(manifest.xmlns).toBe('http://www.imsglobal.org/xsd/imscp_v1p1');
    expect(manifest.metadata).toEqual({ schema: 'ADL SCORM', schemaversion: SCORM_SCHEMA_VERSION });
    expect(SCORM_SCHEMA_VERSION).toBe('2004 4th Edition');
    const items = manifest.organizations.organization.item as Array<{ identifierref: string; title: string }>;
    expect(items.map((i) => i.title)).toEqual(['Veth pairs & cables', 'Bridges']);
    const resources = manifest.resources.resource as Array<Record<string, any>>;
    const scos = resources.filter((r) => r['adlcp:scormType'] === 'sco');
    expect(scos.map((r) => r.href)).toEqual(['lessons/veth-pairs/index.html', 'lessons/bridges/index.html']);
    expect(items.map((i) => i.identifierref)).toEqual(scos.map((r) => r.identifier));
    const asset = resources.find((r) => r['adlcp:scormType'] === 'asset')!;
    const assetFiles = (asset.file as Array<{ href: string }>).map((f) => f.href).sort();
    expect(assetFiles).toEqual([ADAPTER_PATH, '_astro/page.js', '_astro/site.css', 'favicon.svg', 'vm/disk-1/0.bin.zst', 'vm/image.json'].sort());
    for (const sco of scos) expect(sco.dependency).toEqual([{ identifierref: asset.identifier }]);
    // Every file the manifest names is in the zip, and no page the lessons did not ask for.
    for (const href of [...assetFiles, ...scos.map((r) => r.href as string)]) expect(zip[href], href).toBeDefined();
    expect(Object.keys(zip).filter((f) => f.startsWith('exams/'))).toEqual([]);
  });

  it('rewrites the lesson pages and scripts to load from the package, and names the lesson exercises', () => {
    const zip = unzipSync(buildScormPackage({ distDir: dist, lessons: ['veth-pairs'], exercisesOf }));
    const html = strFromU8(zip['lessons/veth-pairs/index.html']!);
    // bridges is not in this package: its link stays a folder; in a package with it, the link names its page.
    expect(html).toContain('href="../../lessons/bridges/"');
    const both = unzipSync(buildScormPackage({ distDir: dist, lessons: ['veth-pairs', 'bridges'], exercisesOf }));
    expect(strFromU8(both['lessons/veth-pairs/index.html']!)).toContain('href="../../lessons/bridges/index.html"');
    expect(html).toContain('href="../../_astro/site.css"');
    expect(html).toContain('src="../../_astro/page.js"');
    expect(html).toContain('href="https://example.org/x"');
    expect(html).toContain('<meta name="stacklab-scorm-exercises" content="veth-testns eth1-up">');
    expect(html).toContain(`<script src="../../${ADAPTER_PATH}" defer></script>`);
    // The package root is said ahead of every script of the page, inline ones too: they read it.
    const inline = packagedLessonPage('<html><head><meta charset="utf-8"><script>early(self.STACKLAB_ROOT)</script><script type="module" src="/_astro/page.js"></script></head><body></body></html>', []);
    expect(inline.indexOf('<script')).toBe(inline.indexOf('<script>self.STACKLAB_ROOT = '));
    expect(inline.indexOf('self.STACKLAB_ROOT = ')).toBeLessThan(inline.indexOf('early('));
    expect(html.indexOf('<script')).toBe(html.indexOf('<script>self.STACKLAB_ROOT = '));
    // From the root the page says, or in a worker (no page) from the script's own folder, _astro/.
    expect(strFromU8(zip['_astro/page.js']!)).toBe('const r=await fetch(`${(self.STACKLAB_ROOT||new URL("../",import.meta.url).href)}vm/image.json`);import(`${(self.STACKLAB_ROOT||new URL("../",import.meta.url).href)}_astro/v86.wasm`);');
    expect(packagedScript('"/vm/x"')).toBe('"/vm/x"');
    // The bundler's preload helper, as built: chunk paths from the package root.
    expect(packagedScript('t=function(e){return`/`+e},n={}')).toBe('t=function(e){return(self.STACKLAB_ROOT||new URL("../",import.meta.url).href)+e},n={}');
  });

  it('says to build the site when dist/ has no lessons, and names an unknown lesson', () => {
    expect(() => buildScormPackage({ distDir: join(dist, 'nothing'), lessons: ['veth-pairs'] })).toThrow(/npx astro build/);
    expect(() => buildScormPackage({ distDir: dist, lessons: ['no-such-lesson'], exercisesOf })).toThrow(PackageError);
  });
});

/** API_1484_11 as the SCORM 2004 run-time specifies its calls: string arguments, "true"/"false" answers, and no call outside Initialize..Terminate. */
function fakeLmsApi() {
  const calls: Array<[string, ...string[]]> = [];
  const refused: string[] = [];
  const data = new Map<string, string>();
  let state: 'not-initialized' | 'running' | 'terminated' = 'not-initialized';
  const running = (name: string) => {
    if (state === 'running') return true;
    refused.push(`${name} while ${state}`);
    return false;
  };
  const api = {
    Initialize: (arg: string) => {
      calls.push(['Initialize', arg]);
      if (state !== 'not-initialized' || arg !== '') return refused.push('Initialize twice or with an argument'), 'false';
      state = 'running';
      return 'true';
    },
    GetValue: (key: string) => (calls.push(['GetValue', key]), running('GetValue') ? (data.get(key) ?? '') : ''),
    SetValue: (key: string, value: string) => {
      calls.push(['SetValue', key, value]);
      if (typeof value !== 'string') refused.push(`SetValue ${key} with a ${typeof value}`);
      if (!running('SetValue')) return 'false';
      data.set(key, value);
      return 'true';
    },
    Commit: (arg: string) => (calls.push(['Commit', arg]), running('Commit') ? 'true' : 'false'),
    Terminate: (arg: string) => {
      calls.push(['Terminate', arg]);
      if (!running('Terminate')) return 'false';
      state = 'terminated';
      return 'true';
    },
    GetLastError: () => '0',
    GetErrorString: () => '',
    GetDiagnostic: () => '',
  };
  return { api, calls, refused, data };
}

/** A lesson page in an LMS frame: the API is on the parent window. */
function pageInLms(api: object | undefined, exercises: string) {
  const listeners = new Map<string, Array<(event: { detail?: unknown }) => void>>();
  const lms: Record<string, unknown> = { API_1484_11: api };
  lms.parent = lms;
  const win = {
    parent: lms,
    document: { querySelector: (selector: string) => (selector.includes('stacklab-scorm-exercises') ? { getAttribute: () => exercises } : null) },
    console: { info: () => {}, warn: () => {} },
    addEventListener: (name: string, listener: (event: { detail?: unknown }) => void) => listeners.set(name, [...(listeners.get(name) ?? []), listener]),
  };
  const fire = (name: string, detail?: unknown) => (listeners.get(name) ?? []).forEach((listener) => listener({ detail }));
  runInNewContext(adapterSource(), { window: win, JSON, Math, String });
  return { fire, listeners };
}

/** A Check report as the exercise element announces it; `earned` defaults to the whole score (no check given at the start). */
const checkReport = (exercise: string, status: 'pass' | 'fail', score: number, maximum: number, earned = { score, maximum }) => ({
  exercise,
  report: { status, score, maximum, checks: [], earned },
});

describe('SCORM adapter', () => {
  it('initializes, reports each Check as score and status, commits, and terminates once', () => {
    const lms = fakeLmsApi();
    const page = pageInLms(lms.api, 'veth-testns eth1-up');
    expect(lms.calls[0]).toEqual(['Initialize', '']);
    expect(lms.data.get('cmi.completion_status')).toBe('incomplete');
    expect(lms.data.get('cmi.score.scaled')).toBe('0');

    page.fire('stacklab:check-report', checkReport('veth-testns', 'fail', 40, 100));
    expect(lms.data.get('cmi.score.scaled')).toBe('0.2');
    expect(lms.data.get('cmi.success_status')).toBe('unknown');
    expect(lms.calls.at(-1)).toEqual(['Commit', '']);

    page.fire('stacklab:check-report', checkReport('other-exercise', 'pass', 10, 10));
    page.fire('stacklab:check-report', checkReport('veth-testns', 'pass', 100, 100));
    expect(lms.data.get('cmi.score.scaled')).toBe('0.5');
    expect(lms.data.get('cmi.completion_status')).toBe('incomplete');
    page.fire('stacklab:check-report', checkReport('eth1-up', 'pass', 3, 3));
    expect(lms.data.get('cmi.score.scaled')).toBe('1');
    expect(lms.data.get('cmi.completion_status')).toBe('completed');
    expect(lms.data.get('cmi.success_status')).toBe('passed');
    expect(lms.data.get('cmi.score.raw')).toBe('100');

    page.fire('pagehide');
    page.fire('beforeunload');
    const names = lms.calls.map((c) => c[0]);
    expect(names.filter((n) => n === 'Terminate')).toHaveLength(1);
    expect(names.at(-1)).toBe('Terminate');
    expect(names.at(-2)).toBe('Commit');
    expect(lms.refused).toEqual([]);
    expect(JSON.parse(lms.data.get('cmi.suspend_data')!)).toEqual({ best: { 'veth-testns': 1, 'eth1-up': 1 }, passed: { 'veth-testns': true, 'eth1-up': true } });
  });

  it('scores what the work earned: a Check at the start, with only the checks the set-up met passing, counts 0', () => {
    const lms = fakeLmsApi();
    const page = pageInLms(lms.api, 'fix-two-faults');
    page.fire('stacklab:check-report', checkReport('fix-two-faults', 'fail', 3, 8, { score: 0, maximum: 5 }));
    expect(lms.data.get('cmi.score.scaled')).toBe('0');
    page.fire('stacklab:check-report', checkReport('fix-two-faults', 'fail', 6, 8, { score: 3, maximum: 5 }));
    expect(lms.data.get('cmi.score.scaled')).toBe('0.6');
  });

  it('resumes the bests of an earlier attempt from cmi.suspend_data', () => {
    const lms = fakeLmsApi();
    const original = lms.api.GetValue;
    lms.api.GetValue = (key: string) => (key === 'cmi.suspend_data' ? (original(key), JSON.stringify({ best: { 'veth-testns': 1 }, passed: { 'veth-testns': true } })) : original(key));
    pageInLms(lms.api, 'veth-testns eth1-up');
    expect(lms.data.get('cmi.score.scaled')).toBe('0.5');
  });

  it('reports a lesson without exercises as completed when opened, and does nothing without an LMS', () => {
    const lms = fakeLmsApi();
    pageInLms(lms.api, '');
    expect(lms.data.get('cmi.completion_status')).toBe('completed');
    const alone = pageInLms(undefined, 'veth-testns');
    expect(alone.listeners.size).toBe(0);
  });
});
