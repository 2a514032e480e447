/**
 * Loading the guest's artefacts from a folder on disk, for Node (tests, benchmarks,
 * the command-line grader and the image build).
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseImageInfo, parseStateInfo, type StateInfo } from './image-info.ts';
import type { CompiledWasm, MachineAssets } from './emulator.ts';
import { timePhase } from './perf-marks.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The folder `npm run build:image` writes to, unless STACKLAB_IMAGE_OUT says otherwise. */
export function defaultImageDir(): string {
  return process.env.STACKLAB_IMAGE_OUT ?? join(repoRoot, 'public/vm');
}

export function v86WasmPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('v86')), 'v86.wasm');
}

export function loadNodeAssets(dir = defaultImageDir()): MachineAssets {
  const file = join(dir, 'image.json');
  if (!existsSync(file)) {
    throw new Error(`No guest image in ${dir} (image.json is missing). Build it with: npm run build:image`);
  }
  const image = parseImageInfo(JSON.parse(readFileSync(file, 'utf8')), file);
  const wasm = v86WasmPath();
  return { image, resolve: (name) => join(dir, name), wasm, compiledWasm: () => compiledOnce(wasm) };
}

const compiled = new Map<string, Promise<CompiledWasm>>();

/** v86's WebAssembly compiled once per process, not at every start (a restore in a test or a re-grade). */
function compiledOnce(path: string): Promise<CompiledWasm> {
  let module = compiled.get(path);
  if (!module) {
    module = timePhase('load', 'wasm-compile', async () => ({ module: await WebAssembly.compile(await readFile(path)) }));
    compiled.set(path, module);
    module.catch(() => compiled.delete(path));
  }
  return module;
}

/** The snapshot's description and its compressed bytes. */
export async function loadNodeSnapshot(assets: MachineAssets, dir = defaultImageDir()): Promise<{ info: StateInfo; state: ArrayBuffer }> {
  const file = join(dir, 'state.json');
  if (!existsSync(file)) throw new Error(`No snapshot in ${dir} (state.json is missing). Build it with: npm run build:image`);
  const info = parseStateInfo(JSON.parse(readFileSync(file, 'utf8')), file, assets.image);
  const bytes = await readFile(join(dir, info.url));
  return { info, state: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer };
}
