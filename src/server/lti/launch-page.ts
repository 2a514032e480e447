/**
 * The page a launch answers with: it writes the launch's localStorage entries (the LTI launch
 * token; for a workshop, the classroom membership) and opens the target, with a link for a
 * browser without scripts. A refused login or launch answers a browser with a page that says
 * why and what to do (refusalPage), not the API's JSON.
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

/** What the learner sees in the LMS's frame or tab when the launch is refused: why, and the way back. */
export function refusalPage(message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Stacklab could not open this activity</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:38rem;margin:2rem auto;padding:0 1rem;color:#1d232a;background:#fbfaf7}</style></head>
<body>
<main>
<h1>Stacklab could not open this activity</h1>
<p role="alert">${escapeHtml(message)}</p>
<p>Open the activity again from your course in the LMS. If this page comes back, show it to your instructor.</p>
</main>
</body></html>
`;
}
