/**
 * One parse path for an exercise (src/exercises/parse.ts), used by the Node loader and the
 * site's catalog alike: each error names the file, the field and what was expected.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exercisesDir, loadExercise } from '../../src/exercises/load.ts';
import { parseExercise } from '../../src/exercises/parse.ts';
import { labScript, sharedLabSchema } from '../../src/exercises/shared-labs.ts';
import { exerciseById } from '../../src/lib/exercise-catalog.ts';

const definition = JSON.parse(readFileSync(join(exercisesDir, 'eth1-up/exercise.json'), 'utf8'));
const files = { definition, setup: 'true\n', solution: 'ip link set eth1 up\n' };
const dir = mkdtempSync(join(tmpdir(), 'stacklab-parse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseExercise', () => {
  it('names the file and each field with what was expected', () => {
    expect(() => parseExercise('eth1-up', { ...files, definition: { ...definition, hints: ['short'], difficulty: 'hard' } })).toThrow(
      'exercises/eth1-up/exercise.json is not a valid exercise:\n' +
        '  - difficulty: Invalid option: expected one of "intro"|"core"|"stretch"\n' +
        '  - hints.0: Too small: expected string to have >=10 characters',
    );
  });

  it('says the id must be the folder name, and that a script is missing', () => {
    expect(() => parseExercise('eth1-down', files)).toThrow('exercises/eth1-down/exercise.json is not a valid exercise:\n  - id: expected the folder\'s name, "eth1-down"; received "eth1-up"');
    expect(() => parseExercise('eth1-up', { ...files, setup: undefined })).toThrow('exercises/eth1-up/ is not a valid exercise:\n  - setup.sh: expected beside exercise.json; it is missing');
  });

  it('quotes an id that is not lower-case words joined by hyphens (the one id pattern of the course)', () => {
    expect(() => parseExercise('Eth1', { ...files, definition: { ...definition, id: 'Eth1' } })).toThrow(/  - id: Expected lower-case words joined by hyphens \(like "namespaces-as-vrfs"\), received "Eth1"/);
  });

  it('is what the Node loader says, word for word', () => {
    cpSync(join(exercisesDir, 'eth1-up'), join(dir, 'eth1-up'), { recursive: true });
    writeFileSync(join(dir, 'eth1-up/exercise.json'), JSON.stringify({ ...definition, hints: ['short'] }));
    const expected = (() => {
      try {
        parseExercise('eth1-up', { ...files, definition: { ...definition, hints: ['short'] } });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(() => loadExercise('eth1-up', dir)).toThrow(expected);
  });

  it('gives the Node loader and the site catalog the same exercise', () => {
    const node = loadExercise('veth-testns');
    const site = exerciseById('veth-testns');
    const { dir: _dir, values: _values, seed: _seed, setup: _setup, solution: _solution, read: _read, ...nodeDefinition } = node;
    expect(site.definition).toEqual(nodeDefinition);
    expect(site.definition.task).toBe(node.task);
    expect(site.definition.hints).toEqual(node.hints);
    expect(site.values).toEqual(node.values);
  });

  it('starts the set-up of an exercise with a shared lab from the lab, then its own setup.sh, in Node and in the site', () => {
    const lab = sharedLabSchema.parse(JSON.parse(readFileSync(join(exercisesDir, '..', 'labs/troubleshooting.json'), 'utf8')));
    for (const id of ['fix-link-down', 'fix-return-route', 'fix-forwarding', 'fix-forward-drop', 'fix-netmask']) {
      const own = readFileSync(join(exercisesDir, id, 'setup.sh'), 'utf8');
      expect(own).not.toMatch(/ip netns add/);
      expect(loadExercise(id).setup).toBe(`${labScript(lab)}${own}`);
      expect(exerciseById(id).setup).toBe(`${labScript(lab)}${own}`);
    }
  });

  it('names the field of a shared lab that is not valid', () => {
    const broken = { about: [], namespaces: { client: { ports: [{ ifname: 'eth0', mac: '02:00:00:00:01:0Z', address: '10.0.1.2/24' }], routes: [] } }, cables: [], commands: [] };
    expect(() => parseExercise('eth1-up', { ...files, definition: { ...definition, sharedLab: 'broken' }, sharedLab: () => broken })).toThrow(
      'labs/broken.json is not a valid lab:\n  - namespaces.client.ports.0.mac: a MAC address in lower case, e.g. 02:00:00:00:01:02',
    );
  });
});
