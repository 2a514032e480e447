/**
 * What `npm run build:image` writes next to the guest's artefacts (image.json and
 * state.json), validated here so a stale or hand-edited file fails with a clear message.
 */
import { z } from 'zod';

export const imageInfoSchema = z.object({
  format: z.literal(1).describe('Layout version of image.json'),
  build: z.string().min(1).describe('Identifies kernel, BIOS and disk; a snapshot is only valid for its build'),
  memoryBytes: z.number().int().positive(),
  cmdline: z.string(),
  bios: z.string(),
  vgaBios: z.string(),
  kernel: z.string(),
  disk: z.object({
    url: z.string().describe('Template of the disk chunks, relative to the image folder'),
    bytes: z.number().int().positive(),
    chunkBytes: z.number().int().positive(),
  }),
});
export type ImageInfo = z.infer<typeof imageInfoSchema>;

export const stateInfoSchema = z.object({
  format: z.literal(1),
  build: z.string().min(1).describe('The image build this snapshot was taken from'),
  url: z.string().describe('The zstd-compressed emulator state, relative to the image folder'),
  bytes: z.number().int().positive().describe('Compressed size'),
  rawBytes: z.number().int().positive(),
  savedAt: z.string(),
  bootMs: z.number().nonnegative().describe('Cold boot to ready, measured while building'),
  diskPrefetch: z
    .array(z.number().int().nonnegative())
    .default([])
    .describe("Offsets of the root disk's chunks a fresh restore reads for a learner's first commands and Checks; fetched soon after the guest answers"),
});
export type StateInfo = z.infer<typeof stateInfoSchema>;

/** Parses image.json, naming the field and the fix when it does not fit. */
export function parseImageInfo(json: unknown, source: string): ImageInfo {
  const result = imageInfoSchema.safeParse(json);
  if (!result.success) {
    throw new Error(`${source} is not a Stacklab image description (${z.prettifyError(result.error)}). Rebuild it with: npm run build:image`);
  }
  return result.data;
}

export function parseStateInfo(json: unknown, source: string, image: ImageInfo): StateInfo {
  const result = stateInfoSchema.safeParse(json);
  if (!result.success) {
    throw new Error(`${source} is not a Stacklab snapshot description (${z.prettifyError(result.error)}). Rebuild it with: npm run build:image`);
  }
  if (result.data.build !== image.build) {
    throw new Error(`${source} belongs to image build ${result.data.build}, not ${image.build}. Rebuild it with: npm run build:image`);
  }
  return result.data;
}
