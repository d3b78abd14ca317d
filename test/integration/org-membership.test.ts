// A Department joins a running channel and later leaves it (network/src/membership), on a network
// of its own, while a client keeps issuing and verifying through an in-process gateway:
// no request may fail, nothing already on the ledger may change, the newcomer's peer must reach
// the others' height, its school must issue a diploma its own peer endorsed, and after it leaves
// its diplomas must still verify and everyone else must go on issuing.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { parse, stringify } from 'yaml';
import type { GatewayRuntime } from '../../gateway/src/runtime';
import {
  addOrganization, committedDefinition, connectAs, connectionProfilePath, networkContext, networkDown, ordererChannelInfo, peerLedgerHeight,
  readChannelMembers, readConnectionProfile, removeOrganization, runningPid, MembershipError, type MembershipChange, type NetworkContext,
} from '../../network/src';
import { bkaDiploma, thptDiploma } from '../support/gateway-fixtures';
import { startIsolatedNetwork } from '../support/isolated-network';
import { startNetworkGateway, type NetworkGateway } from '../support/network-gateway';
import { TEST_HOME, TEST_PORT_SHIFT } from '../support/network';
import { call, readCallers, sleep, waitFor, type Reply } from './gateway-helpers';

const HOME = `${TEST_HOME}-orgs`;
const SHIFT = TEST_PORT_SHIFT + 5000;
const P = `M${Date.now().toString(36).toUpperCase().slice(-5)}`;
const SCHOOL = `DN-THPT-${P}`;
const NEWCOMER = 'DaNangDoET';

/** The fourth Department, as its IT staff would add it to the topology file. */
const DANANG = {
  name: NEWCOMER, mspId: 'DaNangDoETMSP', displayName: 'Sở Giáo dục và Đào tạo Đà Nẵng', province: 'Đà Nẵng', kind: 'department', host: '127.0.0.1',
  ports: { peer: 7400, peerChaincode: 7401, peerOperations: 7402, orderer: 7403, ordererAdmin: 7404, ordererOperations: 7405, ca: 7406, caOperations: 7407, chaincodeServer: 7408, chaincodeServerStandby: 7409 },
  identities: [{ name: 'danang-admin', role: 'department-admin' }],
};

let ctx: NetworkContext;
let topologyFile: string;
let gw: NetworkGateway | undefined;
let runtime: GatewayRuntime | undefined;
let url: string;
const gatewayHome = path.join(HOME, 'gateway');
const key = (name: string) => {
  const c = readCallers(gatewayHome)[name];
  if (!c) throw new Error(`no demo caller ${name}`);
  return c.apiKey;
};

beforeAll(async () => {
  const started = await startIsolatedNetwork({ home: HOME, portShift: SHIFT });
  try {
    // The file with the newcomer declared: the channel does not have it yet.
    const declared = parse(readFileSync(path.join(HOME, 'topology.yaml'), 'utf8')) as { organizations: unknown[] };
    declared.organizations.push(DANANG);
    topologyFile = path.join(HOME, 'topology-with-danang.yaml');
    writeFileSync(topologyFile, stringify(declared));
    ctx = networkContext({ home: HOME, portShift: SHIFT, topologyFile });
    mkdirSync(gatewayHome, { recursive: true });
    gw = await startNetworkGateway(started, {
      home: gatewayHome, dbName: 'org_membership',
      env: {
        VANBANG_PUBLIC_RATE_LIMIT: '1000000', VANBANG_IDENTITY_RELOAD_SECONDS: '0', VANBANG_ANCHORING: 'off',
        VANBANG_NETWORK_HOME: HOME, VANBANG_PORT_SHIFT: String(SHIFT), VANBANG_TOPOLOGY_FILE: topologyFile,
      },
    });
    runtime = gw.runtime;
    url = gw.url;
  } catch (err) {
    await networkDown(started, () => {});
    throw err;
  }
}, 300_000);

afterAll(async () => {
  await gw?.close();
  if (ctx) await networkDown(ctx, () => {});
}, 120_000);

interface Failure {
  what: string;
  status: number;
  code?: string;
  at: number;
}

/** A request that did not get an HTTP answer at all counts as a failure with status 0. */
async function attempt(method: string, pathname: string, opts: Parameters<typeof call>[3] = {}): Promise<Pick<Reply, 'status' | 'body'>> {
  try {
    return await call(url, method, pathname, opts);
  } catch (err) {
    return { status: 0, body: { code: (err as Error).message } };
  }
}

/** A client issuing (one at a time) and verifying (steadily) until stopped; every answer that is not a success is kept. */
function startLoad(hashes: string[], prefix: string) {
  const failures: Failure[] = [];
  const issued: string[] = [];
  let verified = 0;
  let stop = false;
  const issuing = (async () => {
    for (let n = 1; !stop; n++) {
      const res = await attempt('POST', '/api/v1/diplomas', { key: key('bka-issuer'), json: bkaDiploma(prefix, n) });
      if (res.status === 201) issued.push(res.body.documentHash as string);
      else failures.push({ what: `issue ${n}`, status: res.status, code: res.body?.code, at: Date.now() });
    }
  })();
  const verifying = (async () => {
    for (let n = 0; !stop; n++) {
      const hash = hashes[n % hashes.length]!;
      const res = await attempt('GET', `/api/v1/verify/${hash}`);
      if (res.status === 200 && res.body.result === 'VALID') verified++;
      else failures.push({ what: `verify ${hash.slice(0, 8)}`, status: res.status, code: res.body?.code ?? res.body?.result, at: Date.now() });
      await sleep(20);
    }
  })();
  return {
    failures, issued,
    async stop() {
      stop = true;
      await Promise.all([issuing, verifying]);
      return { verified, issued: issued.length };
    },
  };
}

/** The MSP ids of the peers that endorsed a transaction, read from its block on `viaOrg`'s peer (qscc). */
async function endorsersOf(txId: string, viaOrg: string): Promise<string[]> {
  const profile = readConnectionProfile(connectionProfilePath(ctx.home));
  const conn = connectAs(profile, `${viaOrg.toLowerCase()}-org-admin`, viaOrg);
  try {
    const bytes = await conn.gateway.getNetwork(profile.channel).getContract('qscc').evaluateTransaction('GetTransactionByID', profile.channel, txId);
    const processed = peer.ProcessedTransaction.deserializeBinary(bytes);
    const payload = common.Payload.deserializeBinary(processed.getTransactionenvelope()!.getPayload_asU8());
    const tx = peer.Transaction.deserializeBinary(payload.getData_asU8());
    const action = peer.ChaincodeActionPayload.deserializeBinary(tx.getActionsList()[0]!.getPayload_asU8());
    return action.getAction()!.getEndorsementsList().map((e) => msp.SerializedIdentity.deserializeBinary(e.getEndorser_asU8()).getMspid()).sort();
  } finally {
    conn.close();
  }
}

let before: string[] = [];
let added: MembershipChange;
let schoolDiplomaHash: string;

describe('a Department joins and leaves a running channel', () => {
  it('declared but not added, it is pending and none of its nodes run', () => {
    expect(ctx.pending?.map((o) => o.name)).toEqual([NEWCOMER]);
    expect(ctx.topology.organizations.map((o) => o.name)).toEqual(['Ministry', 'HanoiDoET', 'HcmcDoET']);
    expect(runningPid(ctx.home, `peer-${NEWCOMER}`)).toBeUndefined();
  });

  it('joins while diplomas are issued and verified: no failed request, same height, nothing on the ledger changed', async () => {
    for (let n = 1; n <= 5; n++) {
      const res = await call(url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), json: bkaDiploma(`B${P}`, n) });
      expect(res.status).toBe(201);
      before.push(res.body.documentHash);
    }
    const school = await call(url, 'POST', '/api/v1/diplomas', { key: key('hn-thpt-001-issuer'), json: thptDiploma(`H${P}`, 1) });
    expect(school.status).toBe(201);
    before = [...before, school.body.documentHash];
    const sequenceBefore = (await committedDefinition(ctx.home, ctx.topology, ctx.topology.organizations[0]!))!.sequence;

    const load = startLoad(before, `L${P}`);
    const lines: string[] = [];
    try {
      added = await addOrganization(ctx, NEWCOMER, (l) => lines.push(l));
    } catch (err) {
      await load.stop();
      throw err;
    }
    // SIGHUP, for the in-process gateway: it takes up the new organization without a restart.
    await runtime!.reloadIdentities();
    await sleep(3_000);
    const counts = await load.stop();
    process.stdout.write(`org:add ${NEWCOMER}: ${added.totalMs} ms (${added.steps.map((s) => `${s.step}: ${s.ms} ms`).join('; ')}); `
      + `during it ${counts.issued} issued, ${counts.verified} verified, ${load.failures.length} failed\n`);

    expect(load.failures).toEqual([]);
    expect(counts.issued).toBeGreaterThan(3);
    expect(counts.verified).toBeGreaterThan(50);
    // Signed by a majority of the three members' admins before it was sent.
    expect(added.signers.length).toBeGreaterThanOrEqual(2);
    expect(added.chaincodeSequence).toBe(sequenceBefore + 1);
    expect(added.endorsementPolicy).toContain("'DaNangDoETMSP.peer'");
    const joined = networkContext({ home: HOME, portShift: SHIFT, topologyFile });
    expect(joined.topology.organizations.map((o) => o.name)).toEqual(['Ministry', 'HanoiDoET', 'HcmcDoET', NEWCOMER]);
    expect(joined.pending).toEqual([]);
    expect(readChannelMembers(ctx.home, joined.topology.organizations)!.joined.map((j) => j.name)).toEqual([NEWCOMER]);
    const newcomer = joined.topology.organizations[3]!;
    expect(await ordererChannelInfo(ctx.home, joined.topology, newcomer)).toMatchObject({ consensusRelation: 'consenter', status: 'active' });
    const heights = await Promise.all(joined.topology.organizations.map((o) => peerLedgerHeight(o, joined.topology.channel)));
    expect(Math.min(...(heights as number[]))).toBeGreaterThanOrEqual(Math.max(...(heights as number[])) - 2);
    // Everything issued before and during the change verifies as it did.
    for (const hash of [...before, ...load.issued]) {
      const res = await call(url, 'GET', `/api/v1/verify/${hash}`);
      expect(res.body.result).toBe('VALID');
    }
  }, 900_000);

  it('its admin registers a school, the school issues, and the newcomer\'s peer endorsed the diploma', async () => {
    const registered = await call(url, 'POST', '/api/v1/issuers', {
      key: key('danang-admin'),
      json: { code: SCHOOL, name: 'Trường THPT Phan Châu Trinh', kind: 'UPPER_SECONDARY_SCHOOL', diplomaTypes: ['THPT'], validFrom: '2000-01-01', decision: { number: '1/QĐ-SGDĐT', date: '2026-09-01' } },
    });
    expect(registered.status).toBe(201);
    expect(registered.body.issuer).toMatchObject({ code: SCHOOL, hostMsp: 'DaNangDoETMSP', status: 'ACTIVE' });
    const callerRes = await waitFor('a caller for the school', async () => {
      const res = await call(url, 'POST', `/api/v1/issuers/${SCHOOL}/callers`, { key: key('danang-admin'), json: {} });
      return res.status === 201 ? res : undefined;
    }, 30_000);
    const diploma = { ...thptDiploma(`D${P}`, 1), issuerCode: SCHOOL, issuerName: 'Trường THPT Phan Châu Trinh', school: 'Trường THPT Phan Châu Trinh', placeOfSigning: 'Đà Nẵng' };
    const issued = await call(url, 'POST', '/api/v1/diplomas', { key: callerRes.body.apiKey, json: diploma });
    expect(issued.status).toBe(201);
    expect(issued.body.document.signature.mspId).toBe('DaNangDoETMSP');
    schoolDiplomaHash = issued.body.documentHash;
    // The key-level policy of a DaNang-hosted record is Ministry AND DaNang: the block says who signed.
    const txId = issued.body.transactionId;
    expect(typeof txId).toBe('string');
    expect(await endorsersOf(txId, NEWCOMER)).toEqual(['DaNangDoETMSP', 'MinistryMSP']);
    expect((await call(url, 'GET', `/api/v1/verify/${schoolDiplomaHash}`)).body.result).toBe('VALID');
  }, 180_000);

  it('cannot leave while it hosts an active school; nothing changes', async () => {
    const joined = networkContext({ home: HOME, portShift: SHIFT, topologyFile });
    const sequence = (await committedDefinition(joined.home, joined.topology, joined.topology.organizations[0]!))!.sequence;
    await expect(removeOrganization(joined, NEWCOMER, () => {})).rejects.toThrow(MembershipError);
    await expect(removeOrganization(joined, NEWCOMER, () => {})).rejects.toThrow(new RegExp(`active school.*${SCHOOL}`));
    expect((await committedDefinition(joined.home, joined.topology, joined.topology.organizations[0]!))!.sequence).toBe(sequence);
    expect(readChannelMembers(joined.home, joined.topology.organizations)!.members).toContain(NEWCOMER);
  }, 120_000);

  it('its school suspended, it leaves: the others go on issuing, its diplomas still verify, its peer\'s data is kept', async () => {
    const suspended = await call(url, 'POST', `/api/v1/issuers/${SCHOOL}/suspensions`, { key: key('danang-admin'), json: { decision: { number: '2/QĐ-SGDĐT', date: '2026-10-01' } } });
    expect(suspended.status).toBe(201);
    const joined = networkContext({ home: HOME, portShift: SHIFT, topologyFile });
    const load = startLoad([...before, schoolDiplomaHash], `R${P}`);
    let removed: MembershipChange;
    try {
      removed = await removeOrganization(joined, NEWCOMER, () => {});
    } catch (err) {
      await load.stop();
      throw err;
    }
    await runtime!.reloadIdentities();
    await sleep(3_000);
    const counts = await load.stop();
    process.stdout.write(`org:remove ${NEWCOMER}: ${removed.totalMs} ms; during it ${counts.issued} issued, ${counts.verified} verified, ${load.failures.length} failed\n`);
    expect(load.failures).toEqual([]);
    expect(counts.issued).toBeGreaterThan(1);
    expect(removed.endorsementPolicy).not.toContain('DaNangDoETMSP');
    const after = networkContext({ home: HOME, portShift: SHIFT, topologyFile });
    expect(after.topology.organizations.map((o) => o.name)).toEqual(['Ministry', 'HanoiDoET', 'HcmcDoET']);
    expect(after.pending).toEqual([]);
    expect(runningPid(after.home, `peer-${NEWCOMER}`)).toBeUndefined();
    expect(readFileSync(path.join(HOME, 'network', 'data', `peer-${NEWCOMER}`, 'ledgersData', 'chains', 'chains', 'vanbang', 'blockfile_000000')).length).toBeGreaterThan(0);
    // Issuance for a Department school and a university after it left.
    expect((await call(url, 'POST', '/api/v1/diplomas', { key: key('hn-thpt-001-issuer'), json: thptDiploma(`H${P}`, 2) })).status).toBe(201);
    expect((await call(url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), json: bkaDiploma(`A${P}`, 1) })).status).toBe(201);
    expect((await call(url, 'GET', `/api/v1/verify/${schoolDiplomaHash}`)).body.result).toBe('VALID');
    // It cannot come back under the same name.
    await expect(addOrganization(after, NEWCOMER, () => {})).rejects.toThrow(/left the channel/);
  }, 900_000);
});
