/**
 * Exercise parameters: names, subnets, addresses, VLAN ids and ports an exercise draws from
 * a seed, so an exam can give each candidate their own variant of a task. The same seed
 * always gives the same values; no seed gives the defaults (what the lessons show).
 *
 * Task text and hints use `{{name}}`; scripts get each value as an exported upper-case shell
 * variable (`$NS`, `$SUBNET`); graders get the values object.
 *
 * @example
 * const values = drawParameters({ ns: { kind: 'choice', values: ['red', 'lab'], default: 'red' } }, 'seed-1');
 * fillTemplate('Create {{ns}}', values); // 'Create lab' (or 'Create red'), the same every time for 'seed-1'
 */
import { z } from 'zod';

const cidrPattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const cidrSchema = z.string().regex(cidrPattern, 'a network in CIDR form, e.g. 10.0.0.0/24');
const nameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,14}$/, 'a short lower-case name usable as a namespace or interface name');

export const parameterSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('choice'),
    values: z.array(nameSchema).min(2, 'a choice needs at least two values to draw from'),
    default: nameSchema,
    differentFrom: z.array(z.string()).optional().describe('Earlier parameters this one must not equal'),
  }),
  z.object({
    kind: z.literal('int'),
    min: z.int(),
    max: z.int(),
    default: z.int(),
    differentFrom: z.array(z.string()).optional(),
  }),
  z.object({
    kind: z.literal('subnet'),
    within: cidrSchema.describe('Where to draw it from, e.g. 10.0.0.0/8'),
    prefix: z.int().min(8).max(30),
    default: cidrSchema,
    differentFrom: z.array(z.string()).optional(),
  }),
  z.object({
    kind: z.literal('address'),
    subnet: z.string().describe('An earlier subnet parameter'),
    host: z.int().min(1).describe('Host number in the subnet: 1 is the first usable address'),
    withPrefix: z.boolean().default(false).describe('Render as 10.0.3.1/24 instead of 10.0.3.1'),
  }),
]);
export type ParameterSpec = z.infer<typeof parameterSchema>;

const parameterNameSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'parameter names are lower_snake_case, e.g. ns or host_addr');
export const parametersSchema = z
  .record(parameterNameSchema, parameterSchema)
  .superRefine((specs, ctx) => {
    const seen = new Set<string>();
    for (const [name, spec] of Object.entries(specs)) {
      const earlier = spec.kind === 'address' ? [spec.subnet] : (spec.differentFrom ?? []);
      for (const other of earlier) {
        if (!seen.has(other)) ctx.addIssue({ code: 'custom', path: [name], message: `${name} refers to '${other}', which must be a parameter listed before it` });
      }
      if (spec.kind === 'address' && specs[spec.subnet]?.kind !== 'subnet') {
        ctx.addIssue({ code: 'custom', path: [name], message: `${name}.subnet must name a subnet parameter` });
      }
      seen.add(name);
    }
  });
export type ParameterSpecs = z.infer<typeof parametersSchema>;
export type ParameterValues = Record<string, string | number>;

/** Networks the guest's outside world already uses; a drawn subnet never overlaps them. */
export const RESERVED_NETWORKS = ['10.50.0.0/16', '10.51.0.0/16', '198.51.100.0/24', '203.0.113.0/24', '127.0.0.0/8'];

const toInt = (a: string) => a.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const toAddress = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
function parseCidr(cidr: string): { base: number; prefix: number } {
  const [address, prefix] = cidr.split('/') as [string, string];
  const size = 2 ** (32 - Number(prefix));
  return { base: Math.floor(toInt(address) / size) * size, prefix: Number(prefix) };
}
const overlaps = (a: string, b: string) => {
  const x = parseCidr(a);
  const y = parseCidr(b);
  const prefix = Math.min(x.prefix, y.prefix);
  const size = 2 ** (32 - prefix);
  return Math.floor(x.base / size) === Math.floor(y.base / size);
};

/** A deterministic generator from a string seed (FNV-1a into mulberry32); the same in Node and browsers. */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  let a = h;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function drawOne(spec: Exclude<ParameterSpec, { kind: 'address' }>, random: () => number): string | number {
  switch (spec.kind) {
    case 'choice':
      return spec.values[Math.floor(random() * spec.values.length)]!;
    case 'int':
      return spec.min + Math.floor(random() * (spec.max - spec.min + 1));
    case 'subnet': {
      const within = parseCidr(spec.within);
      const count = 2 ** (spec.prefix - within.prefix);
      const size = 2 ** (32 - spec.prefix);
      return `${toAddress(within.base + Math.floor(random() * count) * size)}/${spec.prefix}`;
    }
  }
}

/** The values for `seed`, or the defaults when there is no seed. Throws if the specs cannot be satisfied. */
export function drawParameters(specs: ParameterSpecs | undefined, seed?: string): ParameterValues {
  const values: ParameterValues = {};
  const random = seed === undefined ? undefined : seededRandom(seed);
  for (const [name, spec] of Object.entries(specs ?? {})) {
    if (spec.kind === 'address') {
      const { base, prefix } = parseCidr(String(values[spec.subnet]));
      if (spec.host >= 2 ** (32 - prefix) - 1) throw new Error(`${name}: host ${spec.host} does not fit in ${values[spec.subnet]}`);
      values[name] = `${toAddress(base + spec.host)}${spec.withPrefix ? `/${prefix}` : ''}`;
      continue;
    }
    const acceptable = (value: string | number) =>
      !(spec.differentFrom ?? []).some((other) => spec.kind === 'subnet' ? overlaps(String(value), String(values[other])) : values[other] === value) &&
      !(spec.kind === 'subnet' && RESERVED_NETWORKS.some((reserved) => overlaps(String(value), reserved)));
    if (!random) {
      values[name] = spec.default;
      continue;
    }
    let value = drawOne(spec, random);
    for (let attempt = 0; !acceptable(value); attempt++) {
      if (attempt > 1000) throw new Error(`${name}: no value satisfies its constraints`);
      value = drawOne(spec, random);
    }
    values[name] = value;
  }
  return values;
}

/**
 * The values drawn from the seed, without those derived from them (an address in a drawn
 * subnet): what tells one candidate's variant from another's.
 *
 * @example
 * drawnValues(specs, values) // { left_subnet: '10.23.4.0/24', right_subnet: '10.77.1.0/24' }, not left_ip, left_gw…
 */
export function drawnValues(specs: ParameterSpecs | undefined, values: ParameterValues): ParameterValues {
  return Object.fromEntries(Object.entries(values).filter(([name]) => specs?.[name] !== undefined && specs[name].kind !== 'address'));
}

/** Replaces every {{name}} in `text`; an unknown name is an author error. */
export function fillTemplate(text: string, values: ParameterValues): string {
  return text.replace(/\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`{{${name}}} is not a parameter of this exercise (it has: ${Object.keys(values).join(', ') || 'none'})`);
    return String(values[name]);
  });
}

/** The shell lines that export every value as an upper-case variable, to put before a script. */
export function parameterExports(values: ParameterValues): string {
  const entries = Object.entries(values);
  if (entries.length === 0) return '';
  return `export ${entries.map(([name, value]) => `${name.toUpperCase()}='${String(value)}'`).join(' ')}\n`;
}

/** A script with the exports in front (after a #! line, if any). */
export function withParameters(script: string, values: ParameterValues): string {
  const exports = parameterExports(values);
  if (!exports) return script;
  const shebang = /^#![^\n]*\n/.exec(script)?.[0] ?? '';
  return `${shebang}${exports}${script.slice(shebang.length)}`;
}

/**
 * A script as a learner should read it: every plain "$NAME" or "${NAME}" of a parameter
 * replaced by its value. Where the script still uses a parameter in a shell expression (e.g.
 * "${SUBNET%.0/24}"), the exports go in front so the script stays runnable as shown.
 */
export function displayScript(script: string, values: ParameterValues): string {
  const shown = script.replace(/("?)\$(?:\{([A-Z][A-Z0-9_]*)\}|([A-Z][A-Z0-9_]*)\b)(?![%#:/-])("?)/g, (whole, open: string, braced?: string, plain?: string, close?: string) => {
    const key = (braced ?? plain ?? '').toLowerCase();
    if (!(key in values)) return whole;
    // Drop the quotes only when they enclose just the variable.
    return open && close ? String(values[key]) : `${open}${String(values[key])}${close ?? ''}`;
  });
  const stillUsed = Object.keys(values).some((name) => new RegExp(`\\$\\{?${name.toUpperCase()}\\b`).test(shown));
  return stillUsed ? withParameters(shown, values) : shown;
}
