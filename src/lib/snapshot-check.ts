/**
 * A cheap check that downloaded snapshot bytes are what state.json promised, so a
 * truncated or garbled file fails at once with a clear message instead of hanging the
 * emulator (v86 does not report a state it cannot restore).
 */
import type { StateInfo } from '../vm/image-info.ts';

/** Every zstd frame starts with these four bytes. */
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd] as const;

/** Returns why the bytes are not a usable snapshot, or undefined when they look right. */
export function snapshotProblem(bytes: ArrayBuffer, info: Pick<StateInfo, 'bytes' | 'url'>): string | undefined {
  if (bytes.byteLength !== info.bytes) {
    return `The VM snapshot ${info.url} has ${bytes.byteLength} bytes, but state.json announces ${info.bytes}.`;
  }
  const head = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
  if (!ZSTD_MAGIC.every((byte, i) => head[i] === byte)) {
    return `The VM snapshot ${info.url} is not zstd-compressed data (it starts with ${hex(head)}).`;
  }
  return undefined;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ') || 'nothing';
}
