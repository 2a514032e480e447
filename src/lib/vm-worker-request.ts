/**
 * What the page asks the emulator's worker to download (vm-machine-worker.ts): the image
 * folder, and when the page asked, so the load's phases count from there.
 */
import { z } from 'zod';

export const workerDownloadRequestSchema = z.object({
  /** The image folder as an absolute URL (image.json, state.json and the snapshot). */
  baseHref: z.string().url(),
  /** When the page asked for the VM, in milliseconds since the epoch: each thread has its own clock. */
  requestedAtEpochMs: z.number(),
});
export type WorkerDownloadRequest = z.infer<typeof workerDownloadRequestSchema>;
