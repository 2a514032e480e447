/**
 * An LTI 1.3 platform (an LMS's side) for the tests, over real HTTP: its own RS256 key and
 * JWKS, an OIDC auth endpoint that signs real id_tokens (jose) and answers with the form_post
 * page a browser would submit, a token endpoint that checks the tool's client assertion
 * against the tool's published JWKS, and line item score endpoints that record what they get.
 *
 * @example
 * const platform = await startTestPlatform({ toolUrl: server.url });
 * const { response } = await platform.launch({ target: 'exercise:veth-testns', user: 'u-1' });
 * platform.scores   // [{ lineItem, body, token }]
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWTPayload } from 'jose';

export const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

export interface LaunchSpec {
  /** lesson:<id>, exercise:<id>, workshop:<code> or exam-session:<id>, sent as the custom parameter `target`. */
  target: string;
  /** The platform's user id (the id_token's sub). */
  user?: string;
  /** The resource link, which is also the line item's name. */
  resourceLink?: string;
  deploymentId?: string;
  /** Changes the claims before signing (e.g. an exp in the past, another aud). */
  claims?: (claims: JWTPayload) => JWTPayload;
  /** Sign with this key instead of the platform's own (a forged token). */
  signWith?: CryptoKey;
  /** The Accept header of the launch's form post; a browser's asks for text/html. */
  accept?: string;
}

export interface PreparedLaunch {
  idToken: string;
  state: string;
  /** The `Cookie` header of the browser that started the login (the cookies the tool's login set). */
  cookie: string;
  /** Posts the id_token and state to the tool as a browser would, with `cookie` (default: this login's; null: none). */
  post(cookie?: string | null): Promise<Response>;
}

export interface LaunchResult {
  response: Response;
  idToken: string;
  state: string;
  cookie: string;
  /** Posts the same id_token and state (and cookie) to the tool again (a replay). */
  replay(): Promise<Response>;
}

export interface RecordedScore {
  lineItem: string;
  body: Record<string, unknown>;
  token: string;
}

export interface TestPlatform {
  issuer: string;
  clientId: string;
  deploymentId: string;
  url: string;
  jwksUrl: string;
  authUrl: string;
  tokenUrl: string;
  lineItemUrl(resourceLink: string): string;
  /** What the score endpoints accepted, in order. */
  scores: RecordedScore[];
  /** Every token request: whether it was granted, and why not. */
  tokenRequests: Array<{ granted: boolean; reason?: string }>;
  /** Every score post that reached the line item endpoint, with the status it was answered with. */
  scoreAttempts: Array<{ lineItem: string; status: number }>;
  /** The next score posts are answered with these statuses (e.g. 503), one each, before any is accepted again. */
  refuseScores(...statuses: number[]): void;
  /** Every access token issued so far stops working (as when they expire): a score post with one gets 401. */
  expireTokens(): void;
  /** Checks a client assertion as the token endpoint does; throws when it does not verify. */
  verifyToolAssertion(assertion: string): Promise<JWTPayload>;
  launch(spec: LaunchSpec): Promise<LaunchResult>;
  /** A launch up to the id_token the platform signs, not yet posted to the tool. */
  prepareLaunch(spec: LaunchSpec): Promise<PreparedLaunch>;
  /** Where the LMS sends a browser to start this launch (the tool's login initiation); a browser then follows it through. */
  loginUrl(spec: LaunchSpec): string;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const send = (response: ServerResponse, status: number, body: string, type = 'application/json') => {
  response.writeHead(status, { 'content-type': type });
  response.end(body);
};

/** The hidden inputs of the auto-submitting form_post page. */
function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[m[1]!] = m[2]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return fields;
}

export async function startTestPlatform(options: { toolUrl: string; clientId?: string; deploymentId?: string }): Promise<TestPlatform> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = 'platform-key-1';
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' }] };
  const clientId = options.clientId ?? `stacklab-${randomUUID().slice(0, 8)}`;
  const deploymentId = options.deploymentId ?? 'deployment-1';
  const toolJwksUrl = `${options.toolUrl}/lti/jwks`;
  const toolLaunchUrl = `${options.toolUrl}/lti/launch`;
  const pending = new Map<string, LaunchSpec>();
  const accessTokens = new Map<string, string[]>();
  const usedJtis = new Set<string>();
  const scores: RecordedScore[] = [];
  const tokenRequests: TestPlatform['tokenRequests'] = [];
  const scoreAttempts: TestPlatform['scoreAttempts'] = [];
  const refusals: number[] = [];
  let base = '';

  const verifyToolAssertion = async (assertion: string) => {
    // Fetched afresh each time, as a platform whose cache expired would: a rotation shows at once.
    const { payload } = await jwtVerify(assertion, createRemoteJWKSet(new URL(toolJwksUrl)), { issuer: clientId, subject: clientId, audience: `${base}/token`, algorithms: ['RS256'] });
    return payload;
  };

  const idTokenFor = async (spec: LaunchSpec, nonce: string): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    const resourceLink = spec.resourceLink ?? `link-${spec.target.replace(/[^a-z0-9-]/gi, '-')}`;
    let claims: JWTPayload = {
      iss: base,
      aud: clientId,
      sub: spec.user ?? 'user-1',
      iat: now,
      exp: now + 300,
      nonce,
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      email: 'ada@example.org',
      [`${LTI}message_type`]: 'LtiResourceLinkRequest',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: spec.deploymentId ?? deploymentId,
      [`${LTI}target_link_uri`]: toolLaunchUrl,
      [`${LTI}resource_link`]: { id: resourceLink, title: spec.target },
      [`${LTI}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      [`${LTI}context`]: { id: 'course-1', label: 'NET101', title: 'Networking 101' },
      [`${LTI}custom`]: { target: spec.target },
      'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': { scope: [SCORE_SCOPE], lineitem: `${base}/lineitems/${resourceLink}` },
    };
    if (spec.claims) claims = spec.claims(claims);
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(spec.signWith ?? privateKey);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', base);
    if (request.method === 'GET' && url.pathname === '/jwks') return send(response, 200, JSON.stringify(jwks));
    if (request.method === 'GET' && url.pathname === '/auth') {
      const q = Object.fromEntries(url.searchParams);
      const spec = pending.get(q.lti_message_hint ?? '');
      const problem =
        q.client_id !== clientId ? 'unknown client_id' : q.redirect_uri !== toolLaunchUrl ? 'redirect_uri not registered' : q.response_type !== 'id_token' || q.scope !== 'openid' || q.response_mode !== 'form_post' ? 'not an LTI OIDC request' : !q.nonce || !q.state ? 'no nonce or state' : !spec ? 'unknown lti_message_hint' : undefined;
      if (problem || !spec) return send(response, 400, JSON.stringify({ error: 'invalid_request', error_description: problem }));
      const idToken = await idTokenFor({ ...spec, user: spec.user ?? q.login_hint }, q.nonce!);
      const html = `<form method="post" action="${q.redirect_uri}"><input type="hidden" name="id_token" value="${idToken}"><input type="hidden" name="state" value="${q.state!.replace(/"/g, '&quot;')}"></form><script>document.forms[0].submit()</script>`;
      return send(response, 200, html, 'text/html');
    }
    if (request.method === 'POST' && url.pathname === '/token') {
      const form = new URLSearchParams(await readBody(request));
      const refuse = (reason: string) => {
        tokenRequests.push({ granted: false, reason });
        send(response, 401, JSON.stringify({ error: 'invalid_client', error_description: reason }));
      };
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return refuse('not a client-credentials grant with a JWT assertion');
      let payload: JWTPayload;
      try {
        payload = await verifyToolAssertion(form.get('client_assertion') ?? '');
      } catch (error) {
        return refuse(`client assertion refused: ${(error as Error).message}`);
      }
      if (!payload.jti || usedJtis.has(payload.jti)) return refuse('client assertion jti missing or reused');
      usedJtis.add(payload.jti);
      const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
      const token = randomBytes(24).toString('base64url');
      accessTokens.set(token, scopes);
      tokenRequests.push({ granted: true });
      return send(response, 200, JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope: scopes.join(' ') }));
    }
    const scoreMatch = request.method === 'POST' ? url.pathname.match(/^\/lineitems\/([^/]+)\/scores$/) : null;
    if (scoreMatch) {
      const lineItem = `${base}/lineitems/${scoreMatch[1]}`;
      const answer = (status: number, error: string) => {
        scoreAttempts.push({ lineItem, status });
        send(response, status, JSON.stringify({ error }));
      };
      const token = request.headers.authorization?.match(/^Bearer (.+)$/)?.[1] ?? '';
      if (!accessTokens.get(token)?.includes(SCORE_SCOPE)) return answer(401, 'no token with the score scope');
      if (request.headers['content-type'] !== 'application/vnd.ims.lis.v1.score+json') return answer(415, 'not a score');
      const refusal = refusals.shift();
      if (refusal !== undefined) return answer(refusal, 'the gradebook is unavailable');
      scoreAttempts.push({ lineItem, status: 204 });
      scores.push({ lineItem, body: JSON.parse(await readBody(request)) as Record<string, unknown>, token });
      response.writeHead(204).end();
      return;
    }
    send(response, 404, JSON.stringify({ error: `no ${request.method} ${url.pathname}` }));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, JSON.stringify({ error: String(error) })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const loginUrl = (spec: LaunchSpec): string => {
    const hint = randomUUID();
    pending.set(hint, spec);
    const login = new URL(`${options.toolUrl}/lti/login`);
    const params = { iss: base, login_hint: spec.user ?? 'user-1', target_link_uri: toolLaunchUrl, client_id: clientId, lti_deployment_id: spec.deploymentId ?? deploymentId, lti_message_hint: hint };
    for (const [key, value] of Object.entries(params)) login.searchParams.set(key, value);
    return login.toString();
  };

  const prepareLaunch = async (spec: LaunchSpec): Promise<PreparedLaunch> => {
    const started = await fetch(loginUrl(spec), { redirect: 'manual' });
    const location = started.headers.get('location');
    if (started.status !== 302 || !location) throw new Error(`login initiation failed: ${started.status} ${await started.text()}`);
    // What a browser keeps from the login's answer and sends back to the tool.
    const cookie = started.headers.getSetCookie().map((line) => line.split(';')[0]!).join('; ');
    const auth = await fetch(location);
    if (auth.status !== 200) throw new Error(`the platform refused the auth request: ${await auth.text()}`);
    const fields = formFields(await auth.text());
    const post = (sent: string | null = cookie) =>
      fetch(toolLaunchUrl, {
        method: 'POST',
        headers: { ...(sent ? { cookie: sent } : {}), ...(spec.accept ? { accept: spec.accept } : {}) },
        body: new URLSearchParams({ id_token: fields.id_token!, state: fields.state! }),
        redirect: 'manual',
      });
    return { idToken: fields.id_token!, state: fields.state!, cookie, post };
  };

  const launch = async (spec: LaunchSpec): Promise<LaunchResult> => {
    const prepared = await prepareLaunch(spec);
    return { response: await prepared.post(), idToken: prepared.idToken, state: prepared.state, cookie: prepared.cookie, replay: () => prepared.post() };
  };

  return {
    issuer: base,
    clientId,
    deploymentId,
    url: base,
    jwksUrl: `${base}/jwks`,
    authUrl: `${base}/auth`,
    tokenUrl: `${base}/token`,
    lineItemUrl: (resourceLink) => `${base}/lineitems/${resourceLink}`,
    scores,
    tokenRequests,
    scoreAttempts,
    refuseScores: (...statuses) => void refusals.push(...statuses),
    expireTokens: () => accessTokens.clear(),
    verifyToolAssertion,
    launch,
    prepareLaunch,
    loginUrl,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
