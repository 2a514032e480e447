/**
 * The tool's RS256 signing keys, kept in the database. One key is current (it signs the client
 * assertions); after a rotation the one before stays published as previous, so a platform that
 * cached the old JWKS, or a token signed a moment earlier, still verifies until the previous
 * key is removed (the next rotation, or `removePreviousKey`).
 *
 * @example
 * const { kid, privateKey } = await currentKey(ctx);   // created on first use
 * const jwks = await publicJwks(ctx);                   // { keys: [current, previous?] }
 * await rotateKeys(ctx);                                // `npx stacklab lti rotate-key`
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { ServiceContext } from '../services/context.ts';

export const TOOL_KEY_ALG = 'RS256';

export interface ToolKey {
  kid: string;
  privateKey: CryptoKey;
}

export interface PublishedKey extends JWK {
  kid: string;
  use: 'sig';
  alg: typeof TOOL_KEY_ALG;
}

async function newKeyRow(ctx: ServiceContext) {
  const { privateKey, publicKey } = await generateKeyPair(TOOL_KEY_ALG, { extractable: true, modulusLength: 2048 });
  const kid = randomUUID();
  return { kid, private_jwk: JSON.stringify(await exportJWK(privateKey)), public_jwk: JSON.stringify(await exportJWK(publicKey)), status: 'current', created_at: ctx.now() };
}

/** The key that signs now; the first call makes one. */
export async function currentKey(ctx: ServiceContext): Promise<ToolKey> {
  const oldestCurrent = () => ctx.storage.db.selectFrom('lti_keys').select(['kid', 'private_jwk']).where('status', '=', 'current').orderBy('created_at').orderBy('kid').executeTakeFirst();
  let row = await oldestCurrent();
  if (!row) {
    const fresh = await newKeyRow(ctx);
    // Two first launches at once: the primary key on kid keeps both rows apart, and the oldest wins below.
    await ctx.storage.db.insertInto('lti_keys').values(fresh).execute();
    row = await oldestCurrent();
  }
  return keyFromRow(row!);
}

/** The previous key, if a rotation left one (for tests and the CLI's listing). */
export async function previousKey(ctx: ServiceContext): Promise<ToolKey | undefined> {
  const row = await ctx.storage.db.selectFrom('lti_keys').select(['kid', 'private_jwk']).where('status', '=', 'previous').executeTakeFirst();
  return row ? keyFromRow(row) : undefined;
}

async function keyFromRow(row: { kid: string; private_jwk: string }): Promise<ToolKey> {
  return { kid: row.kid, privateKey: (await importJWK(JSON.parse(row.private_jwk) as JWK, TOOL_KEY_ALG)) as CryptoKey };
}

/** The public keys a platform verifies the tool's signatures with: current and previous. */
export async function publicJwks(ctx: ServiceContext): Promise<{ keys: PublishedKey[] }> {
  await currentKey(ctx);
  const rows = await ctx.storage.db.selectFrom('lti_keys').select(['kid', 'public_jwk']).orderBy('created_at', 'desc').execute();
  return { keys: rows.map((row) => ({ ...(JSON.parse(row.public_jwk) as JWK), kid: row.kid, use: 'sig', alg: TOOL_KEY_ALG })) };
}

/** A new current key; the current one becomes previous (still published), the previous one is removed. */
export async function rotateKeys(ctx: ServiceContext): Promise<{ current: string; previous: string | undefined; removed: string[] }> {
  const fresh = await newKeyRow(ctx);
  return ctx.storage.db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('lti_keys').where('status', '=', 'previous').returning('kid').execute();
    const demoted = await trx.updateTable('lti_keys').set({ status: 'previous' }).where('status', '=', 'current').returning('kid').execute();
    await trx.insertInto('lti_keys').values(fresh).execute();
    return { current: fresh.kid, previous: demoted[0]?.kid, removed: removed.map((r) => r.kid) };
  });
}

/** Stops publishing the previous key: what it signed no longer verifies. */
export async function removePreviousKey(ctx: ServiceContext): Promise<string[]> {
  const removed = await ctx.storage.db.deleteFrom('lti_keys').where('status', '=', 'previous').returning('kid').execute();
  return removed.map((r) => r.kid);
}
