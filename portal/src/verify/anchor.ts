/**
 * The public anchor of a verified hash (pure): read the gateway's `anchor` member, build the proof
 * file the standalone checker takes (`scripts/vanbang verify diploma.json --anchor-proof FILE
 * --evm-rpc URL --contract ADDRESS`), and the facts the portal prints. The anchor is a second,
 * independent proof beside the ledger's answer: it never decides or changes the verdict.
 */
import type { AnchorAnswer, AnchoredEvent, AnchorEventName } from '../api/types';

export const ANCHOR_PROOF_FORMAT = 'vanbang-anchor-proof-v1';

/** The leaf codes of docs/hashing.md §10.1. */
const EVENT_TYPE: Readonly<Record<AnchorEventName, number>> = { ISSUED: 1, CORRECTED: 2, REISSUED: 3, REVOKED: 4, SUPERSEDED: 5 };

/** What the answer says about anchoring, for the view. */
export type AnchorReading =
  /** Anchoring is not configured on this gateway (the member is null or absent): show nothing. */
  | { readonly kind: 'none' }
  /** The member is there but not in the expected shape (a gateway of another version, a bug). */
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'ok'; readonly anchor: AnchorAnswer };

/** The file the standalone checker reads. */
export interface AnchorProofFile {
  readonly format: typeof ANCHOR_PROOF_FORMAT;
  /** 64 lowercase hex, no 0x. */
  readonly documentHash: string;
  readonly events: readonly AnchoredEvent[];
}

class Unreadable extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function record(v: unknown, where: string): Record<string, unknown> {
  if (!isRecord(v)) throw new Unreadable(`${where} is not an object`);
  return v;
}

function hex(v: unknown, where: string, bytes = 32): string {
  if (typeof v !== 'string' || !new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`).test(v)) throw new Unreadable(`${where} is not 0x and ${bytes * 2} hex digits`);
  return v;
}

function whole(v: unknown, where: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new Unreadable(`${where} is not a whole number ≥ ${min}`);
  return v;
}

/** 64 lowercase hex without 0x: the document hash as the diploma and the proof file write it. */
export function plainHash(documentHash: string): string {
  return documentHash.replace(/^0x/i, '').toLowerCase();
}

function fabricBlocks(blocks: Record<string, unknown>, where: string): { first: number; last: number } {
  const first = whole(blocks.first, `${where}.first`, 1);
  const last = whole(blocks.last, `${where}.last`, 1);
  if (last < first) throw new Unreadable(`${where}.last is before its first block`);
  return { first, last };
}

function readEvent(v: unknown, where: string, documentHash: string): AnchoredEvent {
  const e = record(v, where);
  const event = e.event;
  if (typeof event !== 'string' || !(event in EVENT_TYPE)) throw new Unreadable(`${where}.event is not a known event`);
  const name = event as AnchorEventName;
  const leaf = record(e.leaf, `${where}.leaf`);
  const leafHash = hex(leaf.documentHash, `${where}.leaf.documentHash`);
  if (plainHash(leafHash) !== plainHash(documentHash)) throw new Unreadable(`${where}.leaf.documentHash is another hash`);
  if (leaf.eventType !== EVENT_TYPE[name]) throw new Unreadable(`${where}.leaf.eventType does not match ${name}`);
  if (!Array.isArray(e.proof)) throw new Unreadable(`${where}.proof is not a list`);
  const blocks = record(e.fabricBlocks, `${where}.fabricBlocks`);
  const chain = record(e.chain, `${where}.chain`);
  const anchoredAt = e.anchoredAt;
  if (typeof anchoredAt !== 'string' || Number.isNaN(Date.parse(anchoredAt))) throw new Unreadable(`${where}.anchoredAt is not a time`);
  // Exactly the members of the answer's shape, in its order: the proof file carries these.
  return {
    event: name,
    leaf: { documentHash: leafHash, eventType: EVENT_TYPE[name], fabricBlock: whole(leaf.fabricBlock, `${where}.leaf.fabricBlock`, 1), fabricTxId: hex(leaf.fabricTxId, `${where}.leaf.fabricTxId`) },
    proof: e.proof.map((p, i) => hex(p, `${where}.proof[${i}]`)),
    root: hex(e.root, `${where}.root`),
    periodId: whole(e.periodId, `${where}.periodId`, 1),
    fabricBlocks: fabricBlocks(blocks, `${where}.fabricBlocks`),
    chain: {
      chainId: whole(chain.chainId, `${where}.chain.chainId`, 1),
      contract: hex(chain.contract, `${where}.chain.contract`, 20),
      transactionHash: hex(chain.transactionHash, `${where}.chain.transactionHash`),
      blockNumber: whole(chain.blockNumber, `${where}.chain.blockNumber`),
    },
    anchoredAt,
  };
}

/** Reads the `anchor` member of a verify answer for `documentHash`; never throws. */
export function readAnchor(value: unknown, documentHash: string): AnchorReading {
  if (value === null || value === undefined) return { kind: 'none' };
  try {
    const a = record(value, 'anchor');
    if (a.status !== 'ANCHORED' && a.status !== 'AWAITING_ANCHORING') throw new Unreadable('anchor.status is not ANCHORED or AWAITING_ANCHORING');
    if (!Array.isArray(a.events)) throw new Unreadable('anchor.events is not a list');
    const events = a.events.map((e, i) => readEvent(e, `anchor.events[${i}]`, documentHash));
    if (a.status === 'ANCHORED' && events.length === 0) throw new Unreadable('anchor.status is ANCHORED with no event');
    return { kind: 'ok', anchor: { status: a.status, events } };
  } catch (error) {
    if (error instanceof Unreadable) return { kind: 'unreadable', reason: error.message };
    throw error;
  }
}

/** The proof file for the standalone checker, from the anchored events of the answer. */
export function anchorProofFile(documentHash: string, events: readonly AnchoredEvent[]): AnchorProofFile {
  return { format: ANCHOR_PROOF_FORMAT, documentHash: plainHash(documentHash), events };
}

/** The proof file's text: JSON, two-space indented, a final newline. */
export function anchorProofJson(documentHash: string, events: readonly AnchoredEvent[]): string {
  return `${JSON.stringify(anchorProofFile(documentHash, events), null, 2)}\n`;
}

/** anchor-proof-<first 12 hex of the document hash>.json */
export function anchorProofFileName(documentHash: string): string {
  return `anchor-proof-${plainHash(documentHash).slice(0, 12)}.json`;
}

/**
 * The command a verifier runs, with this proof file and this contract filled in: one option a line
 * (shell continuations), so that a narrow screen never breaks an option in two.
 */
export function anchorCheckCommand(proofFileName: string, contract: string): string {
  return ['scripts/vanbang verify diploma.json', `--anchor-proof ${proofFileName}`, '--evm-rpc URL', `--contract ${contract}`].join(' \\\n  ');
}

/** The anchored revocation, when the chain records this hash's revocation too. */
export function anchoredRevocation(anchor: AnchorAnswer): AnchoredEvent | undefined {
  return anchor.events.find((e) => e.event === 'REVOKED');
}

/** "120–135", or "120" for a period of one block. */
export function blockRange(blocks: { readonly first: number; readonly last: number }): string {
  return blocks.first === blocks.last ? String(blocks.first) : `${blocks.first}–${blocks.last}`;
}

/**
 * Which kind of chain an id names, so that a development chain is never passed off as public
 * (chain ids: chainlist / EIP-155). `name` is the chain's proper name, the same in every language.
 */
export type ChainKind = { readonly kind: 'public' | 'test'; readonly name: string } | { readonly kind: 'local' } | { readonly kind: 'unknown' };

const CHAINS: Readonly<Record<number, ChainKind>> = {
  1: { kind: 'public', name: 'Ethereum' },
  10: { kind: 'public', name: 'OP Mainnet' },
  137: { kind: 'public', name: 'Polygon PoS' },
  8453: { kind: 'public', name: 'Base' },
  42161: { kind: 'public', name: 'Arbitrum One' },
  11155111: { kind: 'test', name: 'Sepolia' },
  17000: { kind: 'test', name: 'Holesky' },
  560048: { kind: 'test', name: 'Hoodi' },
  // go-ethereum's --dev chain, Hardhat's and Anvil's: one machine's chain, not a public one.
  1337: { kind: 'local' },
  31337: { kind: 'local' },
};

export function chainKind(chainId: number): ChainKind {
  return CHAINS[chainId] ?? { kind: 'unknown' };
}
