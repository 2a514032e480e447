/**
 * A lab several exercises start from (labs/<name>.json): namespaces with their cable ends
 * (name, fixed MAC, address) and routes, the cables between them, and a few more commands. An
 * exercise names it in exercise.json (`"sharedLab": "troubleshooting"`); its set-up is then the
 * lab's script followed by its own setup.sh, which holds only what the exercise breaks. Its
 * grader reads the same definition (graders/lib/troubleshooting-lab.ts), so the lab is written
 * once. Browser-safe: the site and Node pass the parsed JSON.
 *
 * @example labScript(troubleshootingLab) // '#!/bin/bash\n# The troubleshooting lab: ...\nset -e\n...'
 */
import { z } from 'zod';
import { slugSchema } from '../schemas/lesson.ts';

const portSchema = z.strictObject({
  ifname: z.string().min(1),
  mac: z.string().regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/, 'a MAC address in lower case, e.g. 02:00:00:00:01:02'),
  address: z.string().regex(/^\d+\.\d+\.\d+\.\d+\/\d+$/, 'an IPv4 address with its prefix length, e.g. 10.0.1.2/24'),
});
const endSchema = z.strictObject({ namespace: slugSchema, ifname: z.string().min(1) });

export const sharedLabSchema = z.strictObject({
  about: z.array(z.string()).describe('Comment lines at the top of the set-up'),
  namespaces: z.record(slugSchema, z.strictObject({ ports: z.array(portSchema), routes: z.array(z.string()) })),
  cables: z.array(z.strictObject({ from: endSchema, to: endSchema })).describe('veth pairs, each end with its port\'s name and MAC'),
  commands: z.array(z.string()).describe('Run after the namespaces are configured, in order'),
});
export type SharedLab = z.infer<typeof sharedLabSchema>;
export type LabPort = SharedLab['namespaces'][string]['ports'][number];

function port(lab: SharedLab, namespace: string, ifname: string): LabPort {
  const found = lab.namespaces[namespace]?.ports.find((p) => p.ifname === ifname);
  if (!found) throw new Error(`The lab's cable names ${namespace} ${ifname}, which is not one of ${namespace}'s ports.`);
  return found;
}

/** The lab's set-up script: namespaces, cables, one ip batch per namespace, then its commands. */
export function labScript(lab: SharedLab): string {
  const names = Object.keys(lab.namespaces);
  const cables = lab.cables.map(({ from, to }) => {
    const [a, b] = [port(lab, from.namespace, from.ifname), port(lab, to.namespace, to.ifname)];
    return `ip -n ${from.namespace} link add ${a.ifname} address ${a.mac} type veth peer name ${b.ifname} address ${b.mac} netns ${to.namespace}`;
  });
  const batches = Object.entries(lab.namespaces).map(([name, { ports, routes }]) =>
    [
      `ip -n ${name} -batch - <<'EOF'`,
      'link set lo up',
      ...ports.map((p) => `addr add ${p.address} dev ${p.ifname}`),
      ...ports.map((p) => `link set ${p.ifname} up`),
      ...routes.map((r) => `route add ${r}`),
      'EOF',
    ].join('\n'),
  );
  return [
    '#!/bin/bash',
    ...lab.about.map((line) => `# ${line}`),
    'set -e',
    `for ns in ${names.join(' ')}; do ip netns add $ns; done`,
    ...cables,
    ...batches,
    ...lab.commands,
    '',
  ].join('\n');
}
