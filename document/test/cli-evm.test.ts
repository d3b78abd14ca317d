/**
 * `vanbang verify --evm-rpc URL --contract ADDRESS`: the standalone check against a real JSON-RPC
 * chain (a `hardhat node` child process), with the anchor registry deployed, periods of real leaves
 * anchored (among them the leaves of real signed diplomas) and proof files written as the gateway
 * will write them.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Contract, Interface, JsonRpcProvider, type ContractTransactionResponse } from 'ethers';
import {
  ANCHOR_EVENT_TYPES, anchorProofAt, buildPeriodTree, deployRegistry, leafIndexOf, loadRegistryArtifact, type AnchorLeafInput, type PeriodTree,
} from '@vanbang/anchoring';
import { ANCHOR_EVENT_CODES, type AnchorEventName } from '../src/cli/anchor-proof-file';
import { REGISTRY_READ_ABI } from '../src/cli/evm-rpc';
import { EXIT, runCli } from '../src/cli/main';
import { verifyFile } from '../src/cli/verify';
import { createDocument, type SignedDiplomaDocument } from '../src/document';
import { renderDiplomaPdf } from '../src/pdf/render';
import { signDocument } from '../src/signature';
import { BACHELOR, UPPER_SECONDARY } from './fixtures';
import { freePort, startHardhatNode, type HardhatNode } from './hardhat-node';
import { createTestCa, issueTestIdentity } from './test-pki';

jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), 'vanbang-cli-evm-'));
const file = (name: string, content: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content, null, 2));
  return p;
};
const txId = () => `0x${randomBytes(32).toString('hex')}`;
const h0x = (doc: SignedDiplomaDocument) => `0x${doc.documentHash}`;

let node: HardhatNode;
let provider: JsonRpcProvider;
let registry: Contract;
let contract: string;
let chainId: number;
/** valid: issued in period 1. revoked: issued in period 1, revoked on the chain later. superseded: issued in period 1, superseded in period 2. */
let valid: SignedDiplomaDocument;
let revoked: SignedDiplomaDocument;
let superseded: SignedDiplomaDocument;

interface Period { id: number; first: number; last: number; tree: PeriodTree; transactionHash: string; blockNumber: number }
const periods: Period[] = [];
const leaves = new Map<string, { period: Period; leaf: AnchorLeafInput; event: AnchorEventName }[]>();

async function mined(sent: Promise<ContractTransactionResponse>): Promise<{ hash: string; blockNumber: number }> {
  const receipt = await (await sent).wait();
  if (!receipt) throw new Error('no receipt');
  return { hash: receipt.hash, blockNumber: receipt.blockNumber };
}

/** Builds a period's tree from real leaves plus filler events of other diplomas, anchors its root. */
async function anchorPeriod(id: number, first: number, last: number, events: { doc: SignedDiplomaDocument; event: AnchorEventName; block: number; tx: string }[], fillers: number) {
  const inputs: AnchorLeafInput[] = events.map((e) => ({ documentHash: h0x(e.doc), eventType: ANCHOR_EVENT_CODES[e.event], fabricBlock: e.block, fabricTxId: e.tx }));
  for (let i = 0; i < fillers; i++) inputs.push({ documentHash: txId(), eventType: 1, fabricBlock: first + (i % (last - first + 1)), fabricTxId: txId() });
  const tree = buildPeriodTree(inputs, { blockRange: { first, last } });
  const tx = await mined(registry.anchor(id, tree.root, first, last, tree.leaves.length) as Promise<ContractTransactionResponse>);
  const period: Period = { id, first, last, tree, transactionHash: tx.hash, blockNumber: tx.blockNumber };
  periods.push(period);
  events.forEach((e, i) => {
    const list = leaves.get(e.doc.documentHash) ?? [];
    list.push({ period, leaf: inputs[i]!, event: e.event });
    leaves.set(e.doc.documentHash, list);
  });
}

/** The proof file the gateway serves for `doc`: every anchored event of its hash. */
function proofOf(doc: SignedDiplomaDocument) {
  return {
    format: 'vanbang-anchor-proof-v1',
    documentHash: doc.documentHash,
    events: (leaves.get(doc.documentHash) ?? []).map(({ period, leaf, event }) => {
      const { leaf: canonical, proof, root } = anchorProofAt(period.tree, leafIndexOf(period.tree, leaf));
      return {
        event, leaf: canonical, proof, root, periodId: period.id,
        fabricBlocks: { first: period.first, last: period.last },
        chain: { chainId, contract, transactionHash: period.transactionHash, blockNumber: period.blockNumber },
        anchoredAt: '2026-07-01T08:00:00.000Z',
      };
    }),
  };
}
type ProofFile = ReturnType<typeof proofOf>;

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => { out += t; }, err: (t) => { err += t; }, env });
  return { code, out, err };
}
const evmArgs = () => ['--evm-rpc', node.url, '--contract', contract];

/** The address in mixed case with one letter's case changed: the EIP-55 checksum no longer matches. */
function breakChecksum(address: string): string {
  const chars = [...address];
  const lower = chars.map((c, i) => (i > 1 && /[a-f]/.test(c) ? i : -1)).filter((i) => i > 0);
  const upper = chars.map((c, i) => (i > 1 && /[A-F]/.test(c) ? i : -1)).filter((i) => i > 0);
  // Never all lowercase or all uppercase: those spellings carry no checksum and are accepted.
  if (lower.length >= 2) chars[lower[0]!] = chars[lower[0]!]!.toUpperCase();
  else if (upper.length >= 2) chars[upper[0]!] = chars[upper[0]!]!.toLowerCase();
  else throw new Error(`cannot break the checksum of ${address}`);
  return chars.join('');
}

/** A local HTTP server answering every request with `answer` (or never, with null). */
async function httpDouble(answer: ((body: string) => { status: number; body: string }) | null): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => {
      if (answer === null) return; // hangs
      const a = answer(body);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

beforeAll(async () => {
  const ca = await createTestCa('HustOrg');
  const signer = { ...(await issueTestIdentity(ca, 'registrar')), mspId: 'HustMSP' };
  const sign = (fields: typeof BACHELOR) => signDocument(createDocument(fields), signer, { now: new Date('2024-07-05T08:00:00Z') });
  valid = sign(BACHELOR);
  revoked = sign({ ...BACHELOR, serialNumber: 'BKA-2024-000124' });
  superseded = sign(UPPER_SECONDARY);

  node = await startHardhatNode();
  try {
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 100 });
    chainId = Number((await provider.getNetwork()).chainId);
    const [deployer, admin, anchorer] = await Promise.all([0, 1, 2].map((i) => provider.getSigner(i)));
    const deployed = await deployRegistry(deployer!, await admin!.getAddress(), await anchorer!.getAddress());
    contract = deployed.address;
    registry = deployed.contract.connect(anchorer!) as Contract;
    const batch = txId();
    await anchorPeriod(1, 5, 9, [
      { doc: valid, event: 'ISSUED', block: 7, tx: batch },
      { doc: revoked, event: 'ISSUED', block: 7, tx: batch },
      { doc: superseded, event: 'ISSUED', block: 6, tx: txId() },
    ], 4);
    await anchorPeriod(2, 10, 14, [{ doc: superseded, event: 'SUPERSEDED', block: 12, tx: txId() }], 2);
  } catch (error) {
    provider?.destroy();
    await node.stop();
    throw error;
  }
});

afterAll(async () => {
  provider?.destroy();
  await node?.stop();
});

describe('vanbang verify --evm-rpc: the standalone check (no gateway, no Fabric)', () => {
  it('an anchored, unrevoked diploma is VALID, and the output names the EVM chain as the source', async () => {
    const diploma = file('valid.json', valid);
    const proof = file('valid.proof.json', proofOf(valid));
    const { code, out } = await run(['verify', diploma, '--anchor-proof', proof, ...evmArgs()]);
    expect(out).toMatch(/Result:\s+VALID diploma/);
    expect(code).toBe(EXIT.VALID);
    const source = `EVM chain ${chainId} at ${node.url}, contract ${contract} (no gateway, no Fabric)`;
    expect(out).toContain(`Status from:   ${source}`);
    expect(out).toMatch(/EVM chain:\s+VALID: anchored \(period 1\), not revoked/);
    expect(out).toMatch(/- ISSUED, Fabric block 7: root 0x[0-9a-f]{64} anchored in period 1 \(Fabric blocks 5\.\.9, 7 leaves\), EVM block \d+/);
    expect(out).not.toMatch(/Ledger status:/);

    const json = await run(['verify', diploma, '--anchor-proof', proof, ...evmArgs(), '--json']);
    expect(json.code).toBe(EXIT.VALID);
    expect(JSON.parse(json.out)).toMatchObject({
      verdict: 'VALID',
      statusSource: { kind: 'evm-chain', description: source },
      ledger: { checked: false },
      anchorProof: { from: proof, events: 1, ok: true },
      evm: { status: 'VALID', source: { chainId, contract, rpcUrl: node.url }, events: [{ event: 'ISSUED', onChain: { periodId: 1, firstBlock: 5, lastBlock: 9, leafCount: 7 } }] },
    });
  });

  it('an anchored diploma file carries its proof; the options also come from the environment; a PDF diploma takes --anchor-proof', async () => {
    const wrapped = file('anchored.json', { format: 'vanbang-anchored-diploma-v1', document: valid, anchor: proofOf(valid) });
    const env = { VANBANG_EVM_RPC_URL: node.url, VANBANG_EVM_CONTRACT: contract.toLowerCase() };
    const fromEnv = await run(['verify', wrapped, '--json'], env);
    expect(fromEnv.code).toBe(EXIT.VALID);
    expect(JSON.parse(fromEnv.out)).toMatchObject({ verdict: 'VALID', anchorProof: { from: `embedded in ${wrapped}` }, statusSource: { kind: 'evm-chain' } });

    const pdf = file('valid.pdf', await renderDiplomaPdf(valid, { verifyUrlBase: 'https://vanbang.vn/verify' }));
    const fromPdf = await run(['verify', pdf, '--anchor-proof', file('pdf.proof.json', proofOf(valid)), ...evmArgs()]);
    expect(fromPdf.out).toMatch(/PDF content:\s+OK/);
    expect(fromPdf.code).toBe(EXIT.VALID);
  });

  it('a revocation anchored after the proof file was made: NOT VALID, the revocation named', async () => {
    const proof = file('revoked.proof.json', proofOf(revoked)); // written before the revocation
    const diploma = file('revoked.json', revoked);
    expect((await run(['verify', diploma, '--anchor-proof', proof, ...evmArgs()])).code).toBe(EXIT.VALID);
    await mined(registry.revoke([h0x(revoked)], 1) as Promise<ContractTransactionResponse>);
    const { code, out } = await run(['verify', diploma, '--anchor-proof', proof, ...evmArgs()]);
    expect(code).toBe(EXIT.INVALID);
    expect(out).toMatch(/EVM chain:\s+NOT VALID: revoked on the EVM chain \(period 1\)/);
    expect(out).toContain(`- revoked on the EVM chain: the document hash ${h0x(revoked)} is recorded as revoked in period 1`);
    expect(out).toMatch(/Result:\s+NOT VALID/);
  });

  it('a revoked node of the proof (here the period root) also makes it NOT VALID', async () => {
    // Deployed apart, so that revoking period 1's root leaves the other tests' registry alone.
    const [deployer, admin, anchorer] = await Promise.all([0, 1, 2].map((i) => provider.getSigner(i)));
    const other = await deployRegistry(deployer!, await admin!.getAddress(), await anchorer!.getAddress());
    const own = other.contract.connect(anchorer!) as Contract;
    const p1 = periods[0]!;
    const tx = await mined(own.anchor(1, p1.tree.root, p1.first, p1.last, p1.tree.leaves.length) as Promise<ContractTransactionResponse>);
    await mined(own.revoke([p1.tree.root], 1) as Promise<ContractTransactionResponse>);
    const proof = proofOf(valid);
    const moved = { ...proof, events: proof.events.map((e) => ({ ...e, chain: { ...e.chain, contract: other.address, transactionHash: tx.hash, blockNumber: tx.blockNumber } })) };
    const { code, out } = await run(['verify', file('root-revoked.json', valid), '--anchor-proof', file('root-revoked.proof.json', moved), '--evm-rpc', node.url, '--contract', other.address]);
    expect(code).toBe(EXIT.INVALID);
    expect(out).toContain(`the root of period 1 (event 1 (ISSUED, Fabric block 7)) ${p1.tree.root} is recorded as revoked in period 1`);
  });

  it('a SUPERSEDED event (code 5) on the chain: NOT VALID, even though it was issued first', async () => {
    const { code, out } = await run(['verify', file('superseded.json', superseded), '--anchor-proof', file('superseded.proof.json', proofOf(superseded)), ...evmArgs(), '--json']);
    expect(code).toBe(EXIT.INVALID);
    const report = JSON.parse(out) as { verdict: string; evm: { summary: string; events: { event: string; onChain: { periodId: number } | null }[] } };
    expect(report.verdict).toBe('INVALID');
    expect(report.evm.summary).toBe('the chain holds a SUPERSEDED event for this document hash');
    expect(report.evm.events.map((e) => [e.event, e.onChain?.periodId])).toEqual([['ISSUED', 1], ['SUPERSEDED', 2]]);
  });

  it('a tampered sibling hash: NOT VALID, and still NOT VALID when the chain is down (a fact found offline)', async () => {
    const proof = proofOf(valid);
    const sibling = proof.events[0]!.proof[0]!;
    const flipped = `${sibling.slice(0, -1)}${sibling.endsWith('0') ? '1' : '0'}`;
    const tampered = file('tampered.proof.json', { ...proof, events: [{ ...proof.events[0]!, proof: [flipped, ...proof.events[0]!.proof.slice(1)] }] });
    const diploma = file('tampered.json', valid);
    const { code, out } = await run(['verify', diploma, '--anchor-proof', tampered, ...evmArgs()]);
    expect(code).toBe(EXIT.INVALID);
    expect(out).toMatch(/event 1 \(ISSUED, Fabric block 7\): the proof does not lead to root 0x[0-9a-f]{64}/);
    const down = await run(['verify', diploma, '--anchor-proof', tampered, '--evm-rpc', `http://127.0.0.1:${await freePort()}`, '--contract', contract]);
    expect(down.code).toBe(EXIT.INVALID);
    expect(down.out).toMatch(/the anchor proof does not hold for this document \(and the chain could not tell: eth_chainId: ECONNREFUSED\)/);
  });

  it('a proof of another diploma, a root never anchored, a period the chain recorded otherwise: NOT VALID', async () => {
    const diploma = file('mismatch.json', valid);
    const other = await run(['verify', diploma, '--anchor-proof', file('other.proof.json', proofOf(revoked)), ...evmArgs()]);
    expect(other.code).toBe(EXIT.INVALID);
    expect(other.out).toContain(`the anchor proof is for document hash ${revoked.documentHash}, not for this document (${valid.documentHash})`);

    // A correct Merkle proof, to a root nobody anchored.
    const leaf = { documentHash: h0x(valid), eventType: 1, fabricBlock: 20, fabricTxId: txId() };
    const tree = buildPeriodTree([leaf, { ...leaf, documentHash: txId(), fabricTxId: txId() }]);
    const base = proofOf(valid).events[0]!;
    const unanchored = { ...proofOf(valid), events: [{ ...base, ...anchorProofAt(tree, leafIndexOf(tree, leaf)), periodId: 3, fabricBlocks: { first: 20, last: 20 } }] };
    const never = await run(['verify', diploma, '--anchor-proof', file('unanchored.proof.json', unanchored), ...evmArgs()]);
    expect(never.code).toBe(EXIT.INVALID);
    expect(never.out).toMatch(/root 0x[0-9a-f]{64} is not anchored in contract 0x[0-9a-fA-F]{40} on chain 31337/);

    const moved = { ...proofOf(valid), events: [{ ...base, periodId: 2, fabricBlocks: { first: 4, last: 9 } }] };
    const otherwise = await run(['verify', diploma, '--anchor-proof', file('moved.proof.json', moved), ...evmArgs()]);
    expect(otherwise.code).toBe(EXIT.INVALID);
    expect(otherwise.out).toMatch(/in period 1, the proof says period 2/);
    expect(otherwise.out).toMatch(/the chain's period covers Fabric blocks 5\.\.9, the proof says 4\.\.9/);
  });

  it('refuses another contract than the proof\'s, and a node of another chain than the proof\'s (exit 2)', async () => {
    const diploma = file('refuse.json', valid);
    const proof = file('refuse.proof.json', proofOf(valid));
    const elsewhere = `0x${'12'.repeat(20)}`;
    const wrongContract = await run(['verify', diploma, '--anchor-proof', proof, '--evm-rpc', node.url, '--contract', elsewhere]);
    expect(wrongContract.code).toBe(EXIT.USAGE);
    expect(wrongContract.err).toMatch(new RegExp(`refusing to check: event 1 \\(ISSUED, Fabric block 7\\) was anchored by contract ${contract}, but --contract is 0x1212`));

    const mainnet = proofOf(valid);
    const onChain1 = file('chain1.proof.json', { ...mainnet, events: mainnet.events.map((e) => ({ ...e, chain: { ...e.chain, chainId: 1 } })) });
    const wrongChain = await run(['verify', diploma, '--anchor-proof', onChain1, ...evmArgs(), '--json']);
    expect(wrongChain.code).toBe(EXIT.USAGE);
    expect(wrongChain.err).toMatch(/refusing to check: the node at http:\/\/127\.0\.0\.1:\d+ is EVM chain 31337, but the anchor proof was anchored on chain 1/);
    expect(JSON.parse(wrongChain.out)).toMatchObject({ verdict: 'ERROR' });
  });

  it('a chain that cannot be reached, answers garbage or does not answer in time: UNKNOWN, exit 3, never NOT VALID', async () => {
    const diploma = file('outage.json', valid);
    const proof = file('outage.proof.json', proofOf(valid));
    const started = Date.now();
    const refused = await run(['verify', diploma, '--anchor-proof', proof, '--evm-rpc', `http://127.0.0.1:${await freePort()}`, '--contract', contract]);
    expect(refused.code).toBe(EXIT.UNKNOWN);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(refused.out).toMatch(/EVM chain:\s+UNKNOWN: the chain could not tell: eth_chainId: ECONNREFUSED/);
    expect(refused.out).toMatch(/Result:\s+the file is intact and signed, but its status \(revocation\) on the EVM chain is unknown/);

    const html = await httpDouble(() => ({ status: 200, body: '<html>hello</html>' }));
    const junkCall = await httpDouble((body) => {
      const requests = [JSON.parse(body)].flat() as { id: number; method: string }[];
      const answers = requests.map((r) => ({ jsonrpc: '2.0', id: r.id, result: r.method === 'eth_chainId' ? '0x7a69' : r.method === 'eth_getCode' ? '0x6080' : r.method === 'eth_blockNumber' ? '0x10' : '0x1234' }));
      return { status: 200, body: JSON.stringify(Array.isArray(JSON.parse(body)) ? answers : answers[0]) };
    });
    const hanging = await httpDouble(null);
    try {
      for (const url of [html.url, junkCall.url]) {
        const { code, out } = await run(['verify', diploma, '--anchor-proof', proof, '--evm-rpc', url, '--contract', contract, '--json']);
        expect({ url, code }).toEqual({ url, code: EXIT.UNKNOWN });
        expect(JSON.parse(out)).toMatchObject({ verdict: 'UNKNOWN', evm: { status: 'UNKNOWN' } });
      }
      const t = Date.now();
      const report = await verifyFile(diploma, { trustedCaPems: [], anchorProofFile: proof, evm: { rpcUrl: hanging.url, contract, timeoutMs: 300 } });
      expect(Date.now() - t).toBeLessThan(3000);
      expect(report).toMatchObject({ verdict: 'UNKNOWN', evm: { status: 'UNKNOWN', unavailable: 'eth_chainId: no answer within 300 ms' } });
    } finally {
      await Promise.all([html.close(), junkCall.close(), hanging.close()]);
    }
  });

  it('with --gateway as well: both are asked and reported, and they must agree', async () => {
    let status = 'VALID';
    const gateway = await httpDouble(() => ({ status: 200, body: JSON.stringify({ result: status }) }));
    try {
      const diploma = file('both.json', valid);
      const proof = file('both.proof.json', proofOf(valid));
      const both = await run(['verify', diploma, '--anchor-proof', proof, ...evmArgs(), '--gateway', gateway.url]);
      expect(both.code).toBe(EXIT.VALID);
      expect(both.out).toMatch(/Ledger status: VALID/);
      expect(both.out).toMatch(/EVM chain:\s+VALID/);
      expect(both.out).toMatch(/Status from:\s+gateway http:\/\/127\.0\.0\.1:\d+\/api\/v1\/verify\/[0-9a-f]{64} and EVM chain 31337 at .* \(no gateway, no Fabric\); both must agree/);
      status = 'REVOKED';
      expect((await run(['verify', diploma, '--anchor-proof', proof, ...evmArgs(), '--gateway', gateway.url])).code).toBe(EXIT.INVALID);
      status = 'VALID';
      const chainDown = await run(['verify', diploma, '--anchor-proof', proof, '--evm-rpc', `http://127.0.0.1:${await freePort()}`, '--contract', contract, '--gateway', gateway.url, '--json']);
      expect(chainDown.code).toBe(EXIT.UNKNOWN);
      expect(JSON.parse(chainDown.out)).toMatchObject({ verdict: 'UNKNOWN', statusSource: { kind: 'gateway+evm-chain' }, ledger: { status: 'VALID' }, evm: { status: 'UNKNOWN' } });
      // A revoked diploma's proof on the chain (revoked in an earlier test) outvotes a gateway saying VALID.
      const disagree = await run(['verify', file('both-revoked.json', revoked), '--anchor-proof', file('both-revoked.proof.json', proofOf(revoked)), ...evmArgs(), '--gateway', gateway.url]);
      expect(disagree.code).toBe(EXIT.INVALID);
    } finally {
      await gateway.close();
    }
  });

  it('bad input gives one readable message and exit 2, never a stack trace', async () => {
    const diploma = file('input.json', valid);
    const good = proofOf(valid);
    const event = good.events[0]!;
    const withEvent = (patch: Record<string, unknown>): ProofFile => ({ ...good, events: [{ ...event, ...patch } as typeof event] });
    const upper = `0x${event.root.slice(2).toUpperCase()}`;
    const cases: [string[], RegExp][] = [
      [['verify', diploma, '--anchor-proof', join(dir, 'missing.proof.json'), ...evmArgs()], /cannot read the anchor proof .*missing\.proof\.json: ENOENT/],
      [['verify', diploma, '--anchor-proof', file('junk.proof.json', '{"format": "vanbang-anchor-proof-v1", '), ...evmArgs()], /junk\.proof\.json is not valid JSON/],
      [['verify', diploma, '--anchor-proof', file('v9.proof.json', { ...good, format: 'vanbang-anchor-proof-v9' }), ...evmArgs()], /format: must be "vanbang-anchor-proof-v1", got "vanbang-anchor-proof-v9"/],
      [['verify', diploma, '--anchor-proof', file('upper.proof.json', withEvent({ root: upper })), ...evmArgs()], /events\[0\]\.root: must be 0x followed by 64 lowercase hex characters .*uppercase hex is refused/],
      [['verify', diploma, '--anchor-proof', file('code9.proof.json', withEvent({ leaf: { ...event.leaf, eventType: 9 } })), ...evmArgs()], /events\[0\]\.leaf\.eventType: must be one of 1 ISSUED, 2 CORRECTED, 3 REISSUED, 4 REVOKED, 5 SUPERSEDED, got 9/],
      [['verify', diploma, '--anchor-proof', file('name.proof.json', withEvent({ event: 'REVOKED' })), ...evmArgs()], /events\[0\]\.leaf\.eventType: is 1 \(ISSUED\), but the event is REVOKED \(4\)/],
      [['verify', diploma, '--anchor-proof', file('nochain.proof.json', withEvent({ chain: undefined })), ...evmArgs()], /events\[0\]\.chain: is missing/],
      [['verify', diploma, '--anchor-proof', file('badchecksum.proof.json', withEvent({ chain: { ...event.chain, contract: breakChecksum(contract) } })), ...evmArgs()], /chain\.contract 0x[0-9a-fA-F]{40} is not a valid address .*the checksum must match/],
      [['verify', diploma, '--anchor-proof', file('ok.proof.json', good), '--evm-rpc', node.url, '--contract', breakChecksum(contract)], /--contract 0x[0-9a-fA-F]{40} is not a valid address/],
      [['verify', diploma, ...evmArgs()], /the EVM chain check needs the diploma's anchor proof: give --anchor-proof FILE/],
      [['verify', file('proof-as-file.json', good), ...evmArgs()], /is an anchor proof, not a diploma/],
      [['verify', file('bad-wrapper.json', { format: 'vanbang-anchored-diploma-v1', document: valid }), ...evmArgs()], /bad-wrapper\.json: anchor: is missing/],
      [['verify', diploma, '--evm-rpc', node.url], /--evm-rpc needs --contract ADDRESS/],
      [['verify', diploma, '--contract', contract], /--contract needs --evm-rpc URL/],
      [['verify', diploma, '--evm-rpc', node.url, '--contract', '0x1234'], /the contract "0x1234" is not an address/],
      [['verify', diploma, '--evm-rpc', 'ftp://chain.example', '--contract', contract], /the EVM RPC URL "ftp:\/\/chain\.example" must be an http:\/\/ or https:\/\/ URL/],
      [['verify', diploma, '--evm-rpc', 'not a url', '--contract', contract], /the EVM RPC URL "not a url" must be/],
      [['verify', diploma, '--anchor-proof'], /--anchor-proof needs a value/],
    ];
    for (const [argv, message] of cases) {
      const { code, err } = await run(argv);
      expect({ argv, code, err }).toEqual({ argv, code: EXIT.USAGE, err: expect.stringMatching(message) });
      expect(err).not.toMatch(/\n\s+at /);
    }
  });

  it('the verifier knows every event code of @vanbang/anchoring, and reads the registry with the compiled contract\'s views', () => {
    for (const [name, code] of Object.entries(ANCHOR_EVENT_TYPES)) expect([name, ANCHOR_EVENT_CODES[name as AnchorEventName]]).toEqual([name, code]);
    expect(ANCHOR_EVENT_CODES.SUPERSEDED).toBe(5);
    const compiled = new Interface(loadRegistryArtifact().abi);
    const used = new Interface(REGISTRY_READ_ABI);
    used.forEachFunction((f) => {
      const c = compiled.getFunction(f.selector);
      expect(c?.format('full')).toBe(f.format('full'));
    });
  });

  it('scripts/vanbang runs the standalone check end to end', async () => {
    const script = join(__dirname, '..', '..', 'scripts', 'vanbang');
    const proof = file('e2e.proof.json', proofOf(valid));
    const result = await promisify(execFile)(script, ['verify', file('e2e.json', valid), '--anchor-proof', proof, ...evmArgs(), '--json'])
      .then((r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
    expect(result).toMatchObject({ code: EXIT.VALID, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ verdict: 'VALID', statusSource: { kind: 'evm-chain' } });
    expect(readFileSync(proof, 'utf8')).toContain('vanbang-anchor-proof-v1');
  });
});
