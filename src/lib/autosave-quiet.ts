/**
 * How long the terminal must be quiet after activity before the exercise autosave saves (see
 * exercise-autosave.ts). Its own module, free of the VM, so tests in Node can wait it out.
 */
export const AUTOSAVE_QUIET_MS = 3_000;
