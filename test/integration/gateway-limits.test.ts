// 429 (public endpoints are rate-limited per client address) and 503 when the ledger cannot be
// reached: a gateway whose connection profile points at peer addresses where nothing listens.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import mongoose from 'mongoose';
import { connectionProfilePath, type ConnectionProfile } from '../../network/src';
import { bkaDiploma } from '../support/gateway-fixtures';
import { testContext } from '../support/network';
import { call, knownAnswer, startTestGateway, waitFor, type TestGateway } from './gateway-helpers';

const HASH = 'ab'.repeat(32);

describe('rate limit', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway('gateway_ratelimit', { VANBANG_PUBLIC_RATE_LIMIT: '5', VANBANG_EVENTS_START: 'latest' });
  });
  afterAll(async () => gw?.close());

  test('the public verify endpoint answers 429 problem+json past the limit for one client address', async () => {
    // Once the verify cache is live, requests 2-5 are answered by the fast path from the cache
    // and the rest fall through to the full route: both must count against the same limit.
    await waitFor('verify cache live', async () => (gw.runtime.ctx.verifyCache.isLive ? true : undefined));
    const statuses: number[] = [];
    const bodies: string[] = [];
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 8; i++) {
      const res = await call(gw.url, 'GET', `/api/v1/verify/${HASH}`);
      statuses.push(res.status);
      if (res.status === 200) {
        bodies.push(JSON.stringify(res.body));
        expect(res.headers.get('ratelimit')).toMatch(/limit=5, remaining=\d, reset=\d+/);
      }
      if (res.status === 429) limited = res;
    }
    expect(knownAnswer(gw, HASH)?.found).toBe(false); // known without a query: the fast path answers it
    expect(new Set(bodies).size).toBe(1); // the cached answer is the full route's answer
    expect(JSON.parse(bodies[0]!)).toEqual({ result: 'NOT_FOUND', valid: false, reason: 'NOT_FOUND', documentHash: HASH });
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect(limited?.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(limited?.body).toMatchObject({ status: 429 });
    expect(typeof limited?.body.code).toBe('string');
  });
});

describe('ledger unavailable', () => {
  let gw: TestGateway | undefined;
  let deadPort: number;

  beforeAll(async () => {
    // A port with nothing listening: take a free one and release it.
    const s = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => s.once('listening', r));
    deadPort = (s.address() as net.AddressInfo).port;
    await new Promise((r) => s.close(r));
    const profile = JSON.parse(readFileSync(connectionProfilePath(testContext().home), 'utf8')) as ConnectionProfile;
    const dead: ConnectionProfile = { ...profile, peers: profile.peers.map((p) => ({ ...p, endpoint: `127.0.0.1:${deadPort}` })) };
    const dir = path.join(testContext().home.root, 'gateway-tests', 'dead-ledger');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'connection.json');
    writeFileSync(file, JSON.stringify(dead));
    gw = await startTestGateway('gateway_deadledger', { VANBANG_CONNECTION_PROFILE: file, VANBANG_PUBLIC_RATE_LIMIT: '100000' });
  });
  afterAll(async () => gw?.close());

  test('verify and issue answer 503 problem+json, and nothing is recorded as issued', async () => {
    const g = gw as TestGateway;
    const verify = await call(g.url, 'GET', `/api/v1/verify/${HASH}`);
    expect(verify.status).toBe(503);
    expect(verify.headers.get('content-type')).toMatch(/application\/problem\+json/);

    const issue = await call(g.url, 'POST', '/api/v1/diplomas', { key: g.callers['bka-issuer']!.apiKey, json: bkaDiploma(`D${Date.now().toString(36).toUpperCase().slice(-5)}`, 1) });
    expect(issue.status).toBe(503);
    expect(issue.body.status).toBe(503);
    expect(JSON.stringify(issue.body)).not.toMatch(/at .*\.ts:\d+/); // no stack trace

    const health = await call(g.url, 'GET', '/api/v1/health');
    expect(health.status).toBe(503);
    expect(health.body.ledger.peers.every((p: { reachable: boolean }) => !p.reachable)).toBe(true);

    // No diploma of this gateway's database is marked committed.
    const diplomas = mongoose.connection.db!.collection('diplomas');  
    expect(mongoose.connection.db!.databaseName).toBe('gateway_deadledger');  
    expect(await diplomas.countDocuments({ state: 'COMMITTED' })).toBe(0);
  });
});
