/** What the classroom and exam pages say when an API call fails: the API's own message, or that no server answers (a static host), or the status. */
import { describe, expect, it } from 'vitest';
import { errorMessage, NO_SERVER_MESSAGE } from '../../src/lib/classroom/client.ts';

describe('an API call that failed', () => {
  it('gives the API\'s own message', async () => {
    const refused = new Response(JSON.stringify({ error: { code: 'no-such-workshop', message: 'There is no workshop K7MQ2X.' } }), { status: 404, headers: { 'content-type': 'application/json' } });
    expect(await errorMessage(refused)).toBe('There is no workshop K7MQ2X.');
  });

  it('says no server answers where a static host answers "not found" with a page', async () => {
    expect(await errorMessage(new Response('<!doctype html><title>Not found</title>', { status: 404, headers: { 'content-type': 'text/html' } }))).toBe(NO_SERVER_MESSAGE);
    expect(await errorMessage(new Response('', { status: 405 }))).toBe(NO_SERVER_MESSAGE);
  });

  it('says the status of any other failure', async () => {
    expect(await errorMessage(new Response('Bad gateway', { status: 502 }))).toBe('The server answered 502.');
  });
});
