import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandToRun, translationTableSchema } from '../../src/schemas/translation-table.ts';

const dir = join(import.meta.dirname, '../../content/tables');
const files = readdirSync(dir).filter((file) => file.endsWith('.json'));

describe.each(files)('the translation table %s', (file) => {
  const table = translationTableSchema.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));

  it('gives every row a single-line command to run', () => {
    for (const row of table.rows) expect(commandToRun(row)).toMatch(/^[^\n]+$/);
  });

  it('has no router command twice', () => {
    const routers = table.rows.map((row) => row.router);
    expect(new Set(routers).size).toBe(routers.length);
  });
});

describe('a translation row', () => {
  it('runs its Linux command unless it names another', () => {
    expect(commandToRun({ router: 'r', linux: 'ip link', note: 'n' })).toBe('ip link');
    expect(commandToRun({ router: 'r', linux: 'ip link', run: 'ip -br link', note: 'n' })).toBe('ip -br link');
  });
});
