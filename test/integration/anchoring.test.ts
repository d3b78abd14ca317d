// Public anchoring end to end (issue 13), on the test network and the embedded EVM chain (geth
// in dev mode, started here by the network module as npm start does): a diploma issued → its
// verify answer carries an anchor whose proof leads to a root the registry holds, in a mined
// transaction; the standalone check with only the chain says VALID; revoked → the chain says
// revoked too. Faults: the EVM node down (issuance and verify unaffected, anchoring catches up),
// the anchoring key without funds (a metric, then it resumes), and a worker stopped between the
// Fabric record of a period and its EVM transaction (completed exactly once after the restart,
// with its proof index lost too and filled again from the database).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Contract, JsonRpcProvider, Wallet, parseEther } from 'ethers';
import { REGISTRY_ABI, verifyLeafProof, parseAnchorLeaf } from '../../anchoring/src';
import { anchoringFailures } from '../../gateway/src/http/metrics';
import type { LedgerAnchorPeriod } from '../../gateway/src/anchoring/anchoring-worker';
import { proofIndexDir } from '../../gateway/src/anchoring/anchoring-service';
import { verifyFile } from '../../document/src/cli/verify';
import { bkaDiploma } from '../support/gateway-fixtures';
import { startTestChain, stopTestChain, type TestChain } from '../support/evm-chain';
import { call, enc, startTestGateway, waitFor, type TestGateway } from './gateway-helpers';

let chain: TestChain;
let revokedHash = '';
let gw: TestGateway | undefined;
const P = `N${Date.now().toString(36).toUpperCase().slice(-5)}`;
const DB = 'anchoring';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'anchoring-test-'));
const decision = { number: '77/QĐ-ĐHBK', date: '2026-10-01' };

function gatewayEnv(keyFile = chain.info.anchorerKeyFile): Record<string, string> {
  return {
    VANBANG_EVM_RPC_URL: chain.info.rpcUrl, VANBANG_EVM_CONTRACT: chain.info.contract, VANBANG_EVM_KEY_FILE: keyFile,
    VANBANG_EVM_CHAIN_ID: String(chain.info.chainId), VANBANG_EVM_FROM_BLOCK: String(Math.max(1, chain.info.deployedAtBlock)),
    VANBANG_ANCHOR_EVERY_SECONDS: '1', VANBANG_ANCHOR_CONFIRMATIONS: '2', VANBANG_ANCHOR_POLL_MS: '500',
    VANBANG_PUBLIC_RATE_LIMIT: '100000',
  };
}

const key = (name: string) => gw!.callers[name]!.apiKey;

async function issue(n: number): Promise<{ id: string; documentHash: string }> {
  const res = await call(gw!.url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), json: bkaDiploma(P, n) });
  expect(res.status).toBe(201);
  return res.body;
}

async function verifyAnswer(hash: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await call(gw!.url, 'GET', `/api/v1/verify/${hash}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** Waits until the verify answer's anchor holds `event` for the hash. */
async function anchoredWith(hash: string, event: string, timeoutMs = 90_000): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return waitFor(`${event} of ${hash.slice(0, 12)} anchored`, async () => {
    const v = await verifyAnswer(hash);
    return v.anchor?.status === 'ANCHORED' && v.anchor.events.some((e: { event: string }) => e.event === event) ? v : undefined;
  }, timeoutMs);
}

function registry(): Contract {
  return new Contract(chain.info.contract, REGISTRY_ABI as unknown as string[], new JsonRpcProvider(chain.info.rpcUrl, undefined, { staticNetwork: true }));
}

async function rpc(method: string, params: unknown[]): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(chain.info.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return ((await res.json()) as { result: unknown }).result;
}

async function failures(reason: string): Promise<number> {
  return (await anchoringFailures.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

beforeAll(async () => {
  chain = await startTestChain();
  gw = await startTestGateway(DB, gatewayEnv());
}, 300_000);

afterAll(async () => {
  await gw?.close();
  await stopTestChain(chain);
});

describe('a diploma issued, anchored, checked with only the chain, revoked', () => {
  let diploma: { id: string; documentHash: string };

  it('verify says awaiting anchoring at first, then gives an anchor whose proof leads to a root mined on the chain', async () => {
    diploma = await issue(1);
    const first = await verifyAnswer(diploma.documentHash);
    expect(first.result).toBe('VALID');
    expect(['AWAITING_ANCHORING', 'ANCHORED']).toContain(first.anchor.status);

    const v = await anchoredWith(diploma.documentHash, 'ISSUED');
    const [event] = v.anchor.events;
    expect(event).toMatchObject({
      event: 'ISSUED', leaf: { documentHash: `0x${diploma.documentHash}`, eventType: 1 },
      chain: { chainId: chain.info.chainId, contract: chain.info.contract.toLowerCase() },
    });
    expect(verifyLeafProof(parseAnchorLeaf(event.leaf), event.proof, event.root)).toBe(true);
    // The transaction is mined, as the chain's own JSON-RPC says.
    const receipt = await rpc('eth_getTransactionReceipt', [event.chain.transactionHash]);
    expect(receipt).toMatchObject({ status: '0x1', blockNumber: `0x${event.chain.blockNumber.toString(16)}` });
    // The registry holds the root for the period and block range the answer names.
    const onChain = await registry().getFunction('anchorOf').staticCall(event.root);
    expect(Number(onChain.periodId)).toBe(event.periodId);
    expect([Number(onChain.firstBlock), Number(onChain.lastBlock)]).toEqual([event.fabricBlocks.first, event.fabricBlocks.last]);
    // Fabric recorded the same period and the transaction that anchored it.
    const period = await gw!.runtime.ctx.ledger.evaluate<LedgerAnchorPeriod>('Anchoring:GetAnchorPeriod', { periodId: event.periodId });
    expect(period).toMatchObject({ root: event.root, evmTransaction: { transactionHash: event.chain.transactionHash, blockNumber: event.chain.blockNumber, confirmations: 2 } });
  });

  it('GET /diplomas/{id}/anchor gives each version\'s proof file, and ?anchored=true the document with it', async () => {
    const res = await call(gw!.url, 'GET', `/api/v1/diplomas/${enc(diploma.id)}/anchor`, { key: key('bka-issuer') });
    expect(res.status).toBe(200);
    expect(res.body.versions).toHaveLength(1);
    expect(res.body.versions[0]).toMatchObject({ version: 1, documentHash: diploma.documentHash, result: 'VALID', anchor: { status: 'ANCHORED' }, proofFile: { format: 'vanbang-anchor-proof-v1', documentHash: diploma.documentHash } });
    const wrapped = await call(gw!.url, 'GET', `/api/v1/diplomas/${enc(diploma.id)}/document?anchored=true`, { key: key('bka-issuer') });
    expect(wrapped.status).toBe(200);
    expect(wrapped.body).toMatchObject({ format: 'vanbang-anchored-diploma-v1', document: { documentHash: diploma.documentHash }, anchor: { events: [{ event: 'ISSUED' }] } });
    writeFileSync(path.join(tmp, 'anchored.json'), JSON.stringify(wrapped.body));
  });

  it('the standalone check, with only the EVM chain, says VALID', async () => {
    const report = await verifyFile(path.join(tmp, 'anchored.json'), { trustedCaPems: [], evm: { rpcUrl: chain.info.rpcUrl, contract: chain.info.contract } });
    expect(report.evm).toMatchObject({ status: 'VALID', source: { kind: 'evm-chain' } });
    expect(report.verdict).toBe('VALID');
    expect(report.ledger.checked).toBe(false); // no gateway, no Fabric
  });

  it('revoked: the revocation is anchored, the registry says revoked, the standalone check says not valid', async () => {
    revokedHash = diploma.documentHash;
    const res = await call(gw!.url, 'POST', `/api/v1/diplomas/${enc(diploma.id)}/revocations`, { key: key('ministry-admin'), json: { ground: 'FRAUD', decision } });
    expect(res.status).toBe(201);
    const v = await anchoredWith(diploma.documentHash, 'REVOKED');
    expect(v.result).toBe('REVOKED');
    expect(v.anchor.events.map((e: { event: string }) => e.event)).toEqual(['ISSUED', 'REVOKED']);
    expect(await registry().getFunction('isRevoked').staticCall(`0x${diploma.documentHash}`)).toBe(true);
    // The file downloaded before the revocation: the chain itself says revoked.
    const report = await verifyFile(path.join(tmp, 'anchored.json'), { trustedCaPems: [], evm: { rpcUrl: chain.info.rpcUrl, contract: chain.info.contract } });
    expect(report.evm).toMatchObject({ status: 'INVALID', revocations: [expect.anything()] });
    expect(report.verdict).toBe('INVALID');
  });
});

describe('faults', () => {
  it('the EVM node down: issuance and verify go on, anchoring backs off and catches up once it is back', async () => {
    const before = await failures('unreachable') + await failures('timeout');
    await chain.stop();
    const d = await issue(2);
    const v = await verifyAnswer(d.documentHash);
    expect(v).toMatchObject({ result: 'VALID', valid: true, anchor: { status: 'AWAITING_ANCHORING' } });
    await waitFor('a failed anchoring step', async () => (await failures('unreachable') + await failures('timeout') > before ? true : undefined), 60_000);
    await chain.start();
    await anchoredWith(d.documentHash, 'ISSUED', 180_000);
  });

  it('the anchoring key without funds: a metric and a log line, nothing lost; funded again, it resumes', async () => {
    const provider = new JsonRpcProvider(chain.info.rpcUrl, undefined, { staticNetwork: true });
    const anchorer = gw!.runtime.ctx.anchoring!.worker.registry.address;
    // Empty the key: everything but the transfer's own fee goes to the governance key.
    const wallet = new Wallet(chain.anchorerKey, provider);
    const fee = await provider.getFeeData();
    const gasPrice = (fee.maxFeePerGas ?? fee.gasPrice ?? 1n) * 2n;
    const balance = await provider.getBalance(anchorer);
    await (await wallet.sendTransaction({ to: chain.info.governance, value: balance - 21_000n * gasPrice, gasLimit: 21_000n, maxFeePerGas: gasPrice, maxPriorityFeePerGas: gasPrice / 2n })).wait();
    const before = await failures('out-of-gas');
    const d = await issue(3);
    await waitFor('an out-of-gas failure', async () => (await failures('out-of-gas') > before ? true : undefined), 60_000);
    expect((await verifyAnswer(d.documentHash)).anchor.status).toBe('AWAITING_ANCHORING');
    await chain.fund(anchorer, parseEther('10'));
    await anchoredWith(d.documentHash, 'ISSUED', 120_000);
  });

  it('a worker stopped between the Fabric record and the EVM transaction: after the restart the period completes exactly once', async () => {
    await chain.stop();
    const d = await issue(4);
    const ledger = gw!.runtime.ctx.ledger;
    // The period is recorded on Fabric, and its EVM transaction cannot be sent.
    const recorded = await waitFor('the period recorded on Fabric', async () => {
      const latest = await ledger.evaluate<{ period: LedgerAnchorPeriod | null }>('Anchoring:GetLatestAnchorPeriod', {});
      return latest.period && !latest.period.evmTransaction && latest.period.lastBlock >= (await ledger.blockOfTransaction((await verifyAnswer(d.documentHash)).latestEvent.txId))! ? latest.period : undefined;
    }, 60_000);
    const home = gw!.home;
    await gw!.close();
    gw = undefined;
    // And the proof index is lost with it: it is filled again from the database.
    rmSync(proofIndexDir(home), { recursive: true, force: true });
    await chain.start();
    gw = await startTestGateway(DB, gatewayEnv());
    const earlier = await waitFor('the proof index filled again', async () => {
      const answer = await verifyAnswer(revokedHash);
      return answer.anchor?.events.length === 2 ? answer : undefined;
    }, 60_000);
    expect(earlier.anchor.events.map((e: { event: string }) => e.event)).toEqual(['ISSUED', 'REVOKED']);
    const v = await anchoredWith(d.documentHash, 'ISSUED', 120_000);
    expect(v.anchor.events).toHaveLength(1);
    expect(v.anchor.events[0].periodId).toBe(recorded.periodId);
    const period = await gw.runtime.ctx.ledger.evaluate<LedgerAnchorPeriod>('Anchoring:GetAnchorPeriod', { periodId: recorded.periodId });
    expect(period.root).toBe(recorded.root);
    expect(period.evmTransaction?.transactionHash).toBe(v.anchor.events[0].chain.transactionHash);
    // Exactly one RootAnchored for the period on the chain.
    const reg = registry();
    const logs = await reg.queryFilter(reg.filters.RootAnchored!(recorded.periodId), chain.info.deployedAtBlock);
    expect(logs).toHaveLength(1);
    expect(await reg.getFunction('rootOf').staticCall(recorded.periodId)).toBe(recorded.root);
  });
});
