/**
 * The page a launch answers with: it writes the launch's localStorage entries (the LTI launch
 * token; for a workshop, the classroom membership) and opens the target, with a link for a
 * browser without scripts.
 */
import type { LaunchOutcome } from './launches.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
/** JSON safe inside a <script>: no `</script>` or `<!--` can close it early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export function launchPage(outcome: LaunchOutcome): string {
  const entries = Object.entries(outcome.store).map(([key, value]) => [key, JSON.stringify(value)]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Opening Stacklab</title></head>
<body>
<p>Opening <a href="${escapeHtml(outcome.location)}">${escapeHtml(`${outcome.target.kind} ${outcome.target.id}`)}</a>…</p>
<script>
for (const [key, value] of ${scriptJson(entries)}) localStorage.setItem(key, value);
location.replace(${scriptJson(outcome.location)});
</script>
</body></html>
`;
}
