/**
 * The standalone check (issue 13): a diploma's anchor proof against the EVM chain alone — no
 * gateway, no Fabric. With the proof already checked offline (anchor-proof-check.ts), it asks the
 * anchor registry whether each event's root is anchored, in the period and Fabric block range the
 * proof says, and whether the document hash (or any node of its proofs) was revoked since.
 *
 * Refused (InputError, exit 2): a --contract that is not the proof's, a node on another chain than
 * the proof's. Both are a question asked of the wrong place, not an answer about the diploma.
 * UNKNOWN: the chain could not be reached or answered garbage; an outage is never "not valid".
 */
import { getAddress } from 'ethers';
import { ENDING_EVENTS, type AnchorProofFile } from './anchor-proof-file';
import { describeEvent, type OfflineProofCheck } from './anchor-proof-check';
import { InputError } from './errors';
import { ChainUnavailable, DEFAULT_EVM_TIMEOUT_MS, RegistryReader, type RegistryAnchor } from './evm-rpc';

export interface EvmTarget {
  readonly rpcUrl: string;
  readonly contract: string;
  /** Deadline of each JSON-RPC call. */
  readonly timeoutMs?: number;
}

export interface EvmSource {
  readonly kind: 'evm-chain';
  readonly rpcUrl: string;
  readonly contract: string;
  /** The chain id the node reported; the proof's when the node could not be reached (chainIdConfirmed false). */
  readonly chainId: number | null;
  readonly chainIdConfirmed: boolean;
  readonly description: string;
}

export interface EvmEventResult {
  readonly event: string;
  readonly fabricBlock: number;
  readonly fabricTxId: string;
  readonly root: string;
  readonly periodId: number;
  readonly proofLeadsToRoot: boolean;
  /** What the registry records for the root; null when it is not anchored or the chain did not answer. */
  readonly onChain: (RegistryAnchor & { readonly anchoredAtIso: string }) | null;
}

export interface EvmRevocation {
  readonly hash: string;
  /** What the hash is: the document hash, or a node of an event's proof (a revoked leaf, subtree or period root). */
  readonly what: string;
  readonly periodId: number;
}

export interface EvmCheck {
  readonly source: EvmSource;
  readonly status: 'VALID' | 'INVALID' | 'UNKNOWN';
  /** One line: why this status. */
  readonly summary: string;
  /** Why the diploma is not valid by the chain; empty unless INVALID. */
  readonly problems: string[];
  /** Why the chain could not tell (UNKNOWN). */
  readonly unavailable?: string;
  /** Facts that do not change the status (e.g. the anchoring transaction in another EVM block than the proof says). */
  readonly notes: string[];
  readonly revocations: EvmRevocation[];
  readonly events: EvmEventResult[];
}

/** The URL as shown in reports: without a user name or password in it. */
export function displayRpcUrl(rpcUrl: string): string {
  try {
    const url = new URL(rpcUrl);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, rpcUrl.endsWith('/') ? '/' : '');
  } catch {
    return rpcUrl;
  }
}

export function describeEvmSource(chainId: number | null, rpcUrl: string, contract: string): string {
  return `EVM chain ${chainId ?? '?'} at ${displayRpcUrl(rpcUrl)}, contract ${contract} (no gateway, no Fabric)`;
}

function checksummed(address: string, what: string): string {
  try {
    return getAddress(address);
  } catch {
    throw new InputError(`${what} ${address} is not a valid address (0x and 40 hex characters; in mixed case, the checksum must match)`);
  }
}

/** floor(log2 n) and ceil(log2 n): the lengths a proof in a tree of n leaves can have (docs/hashing.md §10.3). */
function proofLengths(leafCount: number): [number, number] {
  const floor = 31 - Math.clz32(leafCount);
  return [floor, (leafCount & (leafCount - 1)) === 0 ? floor : floor + 1];
}

/** Every hash whose revocation on the chain says this document is revoked, with what it is. */
function hashesToAsk(proof: AnchorProofFile, offline: OfflineProofCheck): Map<string, string> {
  const hashes = new Map<string, string>([[`0x${proof.documentHash}`, 'the document hash']]);
  offline.paths.forEach((p, i) => {
    const what = describeEvent(p.event, i);
    p.nodes.forEach((node, level) => {
      // The contract: "A hash may also be an inner node or a root: the verifier checks every hash on a proof."
      const name = level === 0 ? `the leaf hash of ${what}` : level === p.nodes.length - 1 ? `the root of period ${p.event.periodId} (${what})` : `an inner node of the proof of ${what}`;
      if (!hashes.has(node)) hashes.set(node, name);
    });
  });
  return hashes;
}

function consistencyProblems(anchor: RegistryAnchor, p: OfflineProofCheck['paths'][number], what: string): string[] {
  const e = p.event;
  const problems: string[] = [];
  if (anchor.periodId !== e.periodId) problems.push(`${what}: the chain anchored root ${e.root} in period ${anchor.periodId}, the proof says period ${e.periodId}`);
  if (anchor.firstBlock !== e.fabricBlocks.first || anchor.lastBlock !== e.fabricBlocks.last) {
    problems.push(`${what}: the chain's period covers Fabric blocks ${anchor.firstBlock}..${anchor.lastBlock}, the proof says ${e.fabricBlocks.first}..${e.fabricBlocks.last}`);
  }
  if (e.leaf.fabricBlock < anchor.firstBlock || e.leaf.fabricBlock > anchor.lastBlock) {
    problems.push(`${what}: Fabric block ${e.leaf.fabricBlock} is outside the anchored period's blocks ${anchor.firstBlock}..${anchor.lastBlock}`);
  }
  const [shortest, longest] = anchor.leafCount >= 1 ? proofLengths(anchor.leafCount) : [0, 0];
  if (anchor.leafCount < 1 || e.proof.length < shortest || e.proof.length > longest) {
    problems.push(`${what}: a proof of ${e.proof.length} sibling(s) cannot come from the anchored tree of ${anchor.leafCount} leaves (${shortest === longest ? shortest : `${shortest} or ${longest}`} expected)`);
  }
  return problems;
}

/**
 * Checks `proof` (already checked offline: `offline`) against the registry at `target`. Throws
 * InputError for a refusal; never throws for an unreachable or garbled chain (UNKNOWN).
 */
export async function checkOnEvmChain(proof: AnchorProofFile, offline: OfflineProofCheck, target: EvmTarget): Promise<EvmCheck> {
  const contract = checksummed(target.contract, '--contract');
  proof.events.forEach((e, i) => {
    const anchoredBy = checksummed(e.chain.contract, `the anchor proof's ${describeEvent(e, i)}: chain.contract`);
    if (anchoredBy !== contract) {
      throw new InputError(
        `refusing to check: ${describeEvent(e, i)} was anchored by contract ${anchoredBy}, but --contract is ${contract}. ` +
          'Give the anchor registry the Ministry publishes; a proof naming another contract is not a proof of that registry.',
      );
    }
  });
  const expectedChainIds = [...new Set(proof.events.map((e) => e.chain.chainId))];
  if (expectedChainIds.length > 1) throw new InputError(`refusing to check: the anchor proof's events name several chains (${expectedChainIds.join(', ')}); one --evm-rpc answers for one chain`);

  const reader = new RegistryReader(target.rpcUrl, contract, target.timeoutMs ?? DEFAULT_EVM_TIMEOUT_MS);
  let chainId: number | null = expectedChainIds[0] ?? null;
  let chainIdConfirmed = false;
  const source = (): EvmSource => ({
    kind: 'evm-chain', rpcUrl: displayRpcUrl(target.rpcUrl), contract, chainId, chainIdConfirmed, description: describeEvmSource(chainId, target.rpcUrl, contract),
  });
  const events: EvmEventResult[] = offline.paths.map((p) => ({
    event: p.event.event, fabricBlock: p.event.leaf.fabricBlock, fabricTxId: p.event.leaf.fabricTxId, root: p.event.root,
    periodId: p.event.periodId, proofLeadsToRoot: p.leadsToRoot, onChain: null,
  }));
  const unknown = (reason: string): EvmCheck => {
    // Facts found offline stay facts when the chain is down: a proof that does not hold is not valid.
    const status = offline.ok ? 'UNKNOWN' : 'INVALID';
    return {
      source: source(), status, problems: [...offline.problems], unavailable: reason, notes: [], revocations: [], events,
      summary: status === 'INVALID' ? `the anchor proof does not hold for this document (and the chain could not tell: ${reason})` : `the chain could not tell: ${reason}`,
    };
  };
  try {
    const reported = await reader.chainId();
    if (chainId !== null && reported !== chainId) {
      throw new InputError(
        `refusing to check: the node at ${displayRpcUrl(target.rpcUrl)} is EVM chain ${reported}, but the anchor proof was anchored on chain ${chainId}. Give --evm-rpc a node of chain ${chainId}.`,
      );
    }
    chainId = reported;
    chainIdConfirmed = true;
    const hashes = hashesToAsk(proof, offline);
    const [hasCode, head, anchors, revoked] = await Promise.all([
      reader.hasCode(),
      reader.blockNumber(),
      Promise.all(offline.paths.map((p) => reader.anchorOf(p.event.root))),
      Promise.all([...hashes.keys()].map(async (hash) => ({ hash, periodId: await reader.revokedIn(hash) }))),
    ]);
    if (!hasCode) return unknown(`there is no contract at ${contract} on chain ${reported} (a node that is not synced, or not the chain the registry is on)`);

    const problems = [...offline.problems];
    const notes: string[] = [];
    const revocations = revoked.filter((r) => r.periodId !== 0).map((r) => ({ ...r, what: hashes.get(r.hash)! }));
    for (const r of revocations) problems.push(`revoked on the EVM chain: ${r.what} ${r.hash} is recorded as revoked in period ${r.periodId}`);
    let behind = false;
    offline.paths.forEach((p, i) => {
      const what = describeEvent(p.event, i);
      const anchor = anchors[i]!;
      if (anchor.periodId === 0) {
        if (head < p.event.chain.blockNumber) behind = true;
        else problems.push(`${what}: root ${p.event.root} is not anchored in contract ${contract} on chain ${reported}`);
        return;
      }
      events[i] = { ...events[i]!, onChain: { ...anchor, anchoredAtIso: new Date(anchor.anchoredAt * 1000).toISOString() } };
      problems.push(...consistencyProblems(anchor, p, what));
      if (anchor.blockNumber !== p.event.chain.blockNumber) {
        notes.push(`${what}: anchored in EVM block ${anchor.blockNumber}, the proof says block ${p.event.chain.blockNumber} (a reorganization moves a transaction; the anchor is what counts)`);
      }
      if (ENDING_EVENTS.includes(p.event.event) && p.leadsToRoot) {
        problems.push(`${what}: the chain holds a ${p.event.event} event for this document hash${p.event.event === 'SUPERSEDED' ? ' (replaced by a corrected or reissued diploma)' : ''}`);
      }
    });
    if (problems.length > 0) {
      const ending = offline.paths.find((p, i) => ENDING_EVENTS.includes(p.event.event) && events[i]!.onChain !== null)?.event.event;
      const summary = revocations.length > 0 ? `revoked on the EVM chain (period ${revocations[0]!.periodId})`
        : ending !== undefined ? `the chain holds a ${ending} event for this document hash`
          : !offline.ok ? 'the anchor proof does not hold for this document'
            : 'the anchor proof does not match what the chain recorded';
      return { source: source(), status: 'INVALID', summary, problems, notes, revocations, events };
    }
    if (behind) return { ...unknown(`the node is at EVM block ${head}, before the anchoring transaction's block: it is not synced`), notes };
    if (proof.events.length === 0) {
      return { ...unknown('the anchor proof holds no anchored event yet (awaiting anchoring); the document hash is not revoked on the chain'), notes };
    }
    const periods = [...new Set(events.map((e) => e.periodId))].join(', ');
    return { source: source(), status: 'VALID', summary: `anchored (period ${periods}), not revoked`, problems, notes, revocations, events };
  } catch (error) {
    if (error instanceof ChainUnavailable) return unknown(error.message);
    throw error;
  } finally {
    reader.close();
  }
}
