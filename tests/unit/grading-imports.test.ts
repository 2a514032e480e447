/**
 * Imports run one way: the site and tools → the grading engine (src/grading/) → the driver
 * (src/state/, src/vm/); graders → the engine. The engine reaches a grader only through the
 * registry's import of graders/<id>.ts, and the driver never imports the engine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every relative module a file imports (static or dynamic), as a path from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"`](\.{1,2}\/[^'"`]+)['"`]/g)].map((m) => m[1]!);
  return specifiers.map((s) => normalize(join(file, '..', s)));
}
const tsFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));

describe('import direction', () => {
  it('the engine imports only itself, the driver\'s state parser and exercise data schemas; graders only via the registry', () => {
    const allowed = /^(src\/grading\/|src\/state\/|src\/exercises\/(parameters|schema|answers)\.ts$|graders\/\$\{id\}\.ts$)/;
    const outside = tsFiles('src/grading').flatMap((file) => importsOf(file).filter((target) => !allowed.test(target)).map((target) => `${file} imports ${target}`));
    expect(outside).toEqual([]);
    const graderImports = tsFiles('src/grading').flatMap((file) => importsOf(file).filter((t) => t.startsWith('graders/')).map((t) => `${file} → ${t}`));
    expect(graderImports).toEqual(['src/grading/registry.ts → graders/${id}.ts']);
  });

  it('the driver (src/state/, src/vm/) never imports the engine or a grader', () => {
    const upward = [...tsFiles('src/state'), ...tsFiles('src/vm')].flatMap((file) =>
      importsOf(file).filter((t) => t.startsWith('src/grading/') || t.startsWith('graders/')).map((t) => `${file} imports ${t}`),
    );
    expect(upward).toEqual([]);
  });

  it('graders import the engine, the driver\'s state types and their shared helpers, never the site', () => {
    const allowed = /^(src\/grading\/|src\/state\/|src\/exercises\/shared-labs\.ts$|graders\/lib\/|exercises\/[^/]+\/exercise\.json$|labs\/[^/]+\.json$)/;
    const files = [...tsFiles('graders'), ...tsFiles('graders/lib')];
    const outside = files.flatMap((file) => importsOf(file).filter((t) => !allowed.test(t)).map((t) => `${file} imports ${t}`));
    expect(outside).toEqual([]);
  });
});
