/**
 * A router-CLI to Linux translation table, kept as data in content/tables/<name>.json
 * and rendered by <TranslationTable data="<name>">.
 */
import { z } from 'zod';

export const translationRowSchema = z.strictObject({
  router: z.string().min(1).describe('What a network engineer types on a router, e.g. "show ip route".'),
  linux: z.string().min(1).describe('The Linux command (or concept) that does the same job, as shown in the table.'),
  run: z
    .string()
    .min(1)
    .optional()
    .describe('What the Run button types into the terminal, when it differs from the "linux" column.'),
  note: z.string().min(1).describe('How the two differ, or what the guest lacks: one or two sentences.'),
  fails: z
    .boolean()
    .optional()
    .describe('The command is meant to fail in the guest (e.g. the tool is not installed) and the note says why; the lesson-commands test then expects a non-zero exit.'),
});

export const translationTableSchema = z.strictObject({
  caption: z.string().min(1).describe('One line above the table saying what it maps.'),
  rows: z.array(translationRowSchema).min(1).describe('One row per router command, in teaching order.'),
});

export type TranslationRow = z.output<typeof translationRowSchema>;
export type TranslationTable = z.output<typeof translationTableSchema>;

/** The command a row's Run button types. */
export function commandToRun(row: TranslationRow): string {
  return row.run ?? row.linux;
}
