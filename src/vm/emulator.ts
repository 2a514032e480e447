/**
 * Creating the v86 emulator for a Stacklab image, booting cold or restoring a state.
 * The one place that knows v86's options.
 */
import { V86, type V86Options } from 'v86';
import type { ImageInfo } from './image-info.ts';
import { rememberCompiledPages, watchCompiledPages } from './compiled-pages.ts';
import { adaptExports } from './wasm-exports.ts';

// v86 decompresses zstd disk chunks in a Web Worker; Node has none, so there it uses the
// emulator's own synchronous decompressor (the same wasm code, on the calling thread).
if (typeof (globalThis as { Worker?: unknown }).Worker === 'undefined') {
  const proto = V86.prototype as unknown as {
    zstd_decompress(size: number, src: Uint8Array): ArrayBuffer;
    zstd_decompress_worker(size: number, src: Uint8Array): Promise<ArrayBuffer>;
  };
  proto.zstd_decompress_worker = async function (size, src) {
    return this.zstd_decompress(size, src);
  };
}

export interface MachineAssets {
  image: ImageInfo;
  /** A file of the image folder as a URL (browser) or a path (Node). */
  resolve(name: string): string;
  /** v86's WebAssembly module, as a URL or a path. */
  wasm: string;
  /**
   * v86's WebAssembly compiled already: the page compiles it while the snapshot downloads, and
   * Node compiles it once per process instead of at every start. Without it v86 fetches and
   * compiles `wasm` itself.
   */
  compiledWasm?: () => Promise<CompiledWasm>;
}

export interface CompiledWasm {
  module: WebAssembly.Module;
  /** Its bytes, for v86's disk decompression worker (browser only; it compiles its own copy). */
  bytes?: ArrayBuffer;
}

export type StartFrom = { kind: 'boot' } | { kind: 'state'; state: ArrayBuffer };

export interface EmulatorTweaks {
  /** Kernel messages on the console during a cold boot (for debugging the image). */
  verboseBoot?: boolean;
}

export function createEmulator(assets: MachineAssets, from: StartFrom, tweaks: EmulatorTweaks = {}): V86 {
  const options = emulatorOptions(assets, from, tweaks);
  const { compiledWasm } = assets;
  if (!compiledWasm) return new V86(options);
  let bytes: ArrayBuffer | undefined;
  const emulator = new V86({
    ...options,
    wasm_fn: async (imports) => {
      const compiled = await compiledWasm();
      bytes = compiled.bytes;
      const compiledPages = watchCompiledPages(imports);
      const instance = await WebAssembly.instantiate(compiled.module, imports);
      if (compiledPages) rememberCompiledPages(emulator, compiledPages);
      return adaptExports(instance.exports, { fromState: from.kind === 'state' });
    },
  } as V86Options);
  // v86 keeps the bytes it compiled for its decompression worker; with a module handed over it has none.
  Object.defineProperty(emulator, 'wasm_source', { configurable: true, get: () => bytes?.slice(0) });
  return emulator;
}

function emulatorOptions(assets: MachineAssets, from: StartFrom, tweaks: EmulatorTweaks): V86Options {
  const { image } = assets;
  const common: V86Options = {
    wasm_path: assets.wasm,
    memory_size: image.memoryBytes,
    vga_memory_size: 2 * 1024 * 1024,
    uart1: true,
    autostart: true,
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
    acpi: false,
    fastboot: true,
    log_level: 0,
    hda: {
      url: assets.resolve(image.disk.url),
      size: image.disk.bytes,
      async: true,
      use_parts: true,
      fixed_chunk_size: image.disk.chunkBytes,
    },
  } as V86Options;
  if (from.kind === 'state') return { ...common, initial_state: { buffer: from.state } } as V86Options;
  return {
    ...common,
    bios: { url: assets.resolve(image.bios) },
    vga_bios: { url: assets.resolve(image.vgaBios) },
    bzimage: { url: assets.resolve(image.kernel) },
    cmdline: tweaks.verboseBoot ? image.cmdline.replace(/ quiet| loglevel=\d+/g, '') : image.cmdline,
  } as V86Options;
}

