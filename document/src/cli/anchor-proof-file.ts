/**
 * The anchor proof file a verifier downloads from the gateway (format `vanbang-anchor-proof-v1`),
 * and the "anchored diploma" wrapper that carries a diploma and its proof in one JSON file
 * (format `vanbang-anchored-diploma-v1`). This file only reads and validates their shape, with
 * messages that name the member; what the values prove is anchor-proof-check.ts (offline) and
 * evm-check.ts (the chain). A malformed proof is unreadable input (exit 2), never "not valid".
 */
import { InputError } from './errors';

export const ANCHOR_PROOF_FORMAT = 'vanbang-anchor-proof-v1';
export const ANCHORED_DIPLOMA_FORMAT = 'vanbang-anchored-diploma-v1';

/**
 * The event codes a verifier knows (docs/hashing.md §10.1), kept here rather than read from
 * @vanbang/anchoring's ANCHOR_EVENT_TYPES: what each code means for the verdict is this
 * verifier's decision, and a code it does not know must be refused, not guessed. A test checks
 * that every code of ANCHOR_EVENT_TYPES is in this table with the same name.
 */
export const ANCHOR_EVENT_CODES = { ISSUED: 1, CORRECTED: 2, REISSUED: 3, REVOKED: 4, SUPERSEDED: 5 } as const;
export type AnchorEventName = keyof typeof ANCHOR_EVENT_CODES;
/** Events after which the document hash is no longer valid (revoked; replaced by a correction or reissue). */
export const ENDING_EVENTS: readonly AnchorEventName[] = ['REVOKED', 'SUPERSEDED'];

const NAME_OF_CODE = new Map<number, AnchorEventName>(Object.entries(ANCHOR_EVENT_CODES).map(([name, code]) => [code, name as AnchorEventName]));

/** The leaf's four values (docs/hashing.md §10.1), bytes32 values as 0x + 64 lowercase hex. */
export interface ProofLeaf {
  readonly documentHash: string;
  readonly eventType: number;
  readonly fabricBlock: number;
  readonly fabricTxId: string;
}

export interface AnchoredEvent {
  readonly event: AnchorEventName;
  readonly leaf: ProofLeaf;
  /** Sibling hashes from the leaf up (OpenZeppelin StandardMerkleTree order); empty for a one-leaf tree. */
  readonly proof: readonly string[];
  readonly root: string;
  readonly periodId: number;
  readonly fabricBlocks: { readonly first: number; readonly last: number };
  readonly chain: { readonly chainId: number; readonly contract: string; readonly transactionHash: string; readonly blockNumber: number };
  readonly anchoredAt: string;
}

export interface AnchorProofFile {
  readonly format: typeof ANCHOR_PROOF_FORMAT;
  /** 64 lowercase hex, no 0x: the document hash as the document module computes it. */
  readonly documentHash: string;
  readonly events: readonly AnchoredEvent[];
}

/** A deeper proof would need a tree of more than 2^64 leaves (as anchoring's MAX_PROOF_LENGTH). */
export const MAX_PROOF_LENGTH = 64;
/** A diploma has a handful of events; this bounds the chain calls a file can ask for. */
export const MAX_EVENTS = 256;

const HASH64 = /^[0-9a-f]{64}$/;
const BYTES32 = /^0x[0-9a-f]{64}$/;
const ZERO32 = /^0x0{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const TX_HASH = /^0x[0-9a-fA-F]{64}$/;
const LEAF_KEYS = ['documentHash', 'eventType', 'fabricBlock', 'fabricTxId'] as const;

type Json = Record<string, unknown>;

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : String(value);
}

/** Reads a proof's members; every message starts with where the value is, e.g. "proof.json: events[0].root". */
class Reader {
  constructor(private readonly source: string) {}

  fail(where: string, message: string): never {
    throw new InputError(`${this.source}: ${where}: ${message}`);
  }

  object(value: unknown, where: string, shape: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(where, `must be an object ${shape}, got ${describe(value)}`);
    return value as Json;
  }

  member(record: Json, key: string, where: string): unknown {
    if (!(key in record)) this.fail(where ? `${where}.${key}` : key, 'is missing');
    return record[key];
  }

  integer(value: unknown, where: string, min: number, what: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      this.fail(where, `must be an integer from ${min} to ${Number.MAX_SAFE_INTEGER} (${what}), got ${describe(value)}`);
    }
    return value;
  }

  bytes32(value: unknown, where: string, what: string): string {
    if (typeof value !== 'string' || !BYTES32.test(value)) {
      const hint = typeof value === 'string' && /^0x[0-9a-fA-F]{64}$/.test(value) ? ' (uppercase hex is refused: one value, one spelling)' : '';
      this.fail(where, `must be 0x followed by 64 lowercase hex characters (${what}), got ${describe(value)}${hint}`);
    }
    return value;
  }
}

function parseLeaf(r: Reader, value: unknown, where: string): ProofLeaf {
  const leaf = r.object(value, where, '{documentHash, eventType, fabricBlock, fabricTxId}');
  // Exactly the four values: nothing else (no diploma id, no personal data) travels with a leaf.
  const extra = Object.keys(leaf).filter((k) => !(LEAF_KEYS as readonly string[]).includes(k));
  if (extra.length > 0) r.fail(where, `unknown member(s) ${extra.join(', ')}; a leaf has exactly ${LEAF_KEYS.join(', ')}`);
  const documentHash = r.bytes32(r.member(leaf, 'documentHash', where), `${where}.documentHash`, 'a document hash');
  const eventType = r.member(leaf, 'eventType', where);
  if (typeof eventType !== 'number' || !NAME_OF_CODE.has(eventType)) {
    const codes = Object.entries(ANCHOR_EVENT_CODES).map(([n, c]) => `${c} ${n}`).join(', ');
    r.fail(`${where}.eventType`, `must be one of ${codes}, got ${describe(eventType)} (a code this verifier does not know is refused)`);
  }
  const fabricBlock = r.integer(r.member(leaf, 'fabricBlock', where), `${where}.fabricBlock`, 1, 'a Fabric block number');
  const fabricTxId = r.bytes32(r.member(leaf, 'fabricTxId', where), `${where}.fabricTxId`, 'a Fabric transaction id');
  for (const [key, v] of [['documentHash', documentHash], ['fabricTxId', fabricTxId]] as const) {
    if (ZERO32.test(v)) r.fail(`${where}.${key}`, 'is all zeros, which is what an unset value looks like');
  }
  return { documentHash, eventType, fabricBlock, fabricTxId };
}

function parseEvent(r: Reader, value: unknown, where: string): AnchoredEvent {
  const e = r.object(value, where, '{event, leaf, proof, root, periodId, fabricBlocks, chain, anchoredAt}');
  const name = r.member(e, 'event', where);
  if (typeof name !== 'string' || !(name in ANCHOR_EVENT_CODES)) {
    r.fail(`${where}.event`, `must be one of ${Object.keys(ANCHOR_EVENT_CODES).join(', ')}, got ${describe(name)}`);
  }
  const event = name as AnchorEventName;
  const leaf = parseLeaf(r, r.member(e, 'leaf', where), `${where}.leaf`);
  if (leaf.eventType !== ANCHOR_EVENT_CODES[event]) {
    r.fail(`${where}.leaf.eventType`, `is ${leaf.eventType} (${NAME_OF_CODE.get(leaf.eventType)}), but the event is ${event} (${ANCHOR_EVENT_CODES[event]})`);
  }
  const siblings = r.member(e, 'proof', where);
  if (!Array.isArray(siblings)) r.fail(`${where}.proof`, `must be an array of sibling hashes, got ${describe(siblings)}`);
  if (siblings.length > MAX_PROOF_LENGTH) r.fail(`${where}.proof`, `has ${siblings.length} entries, more than ${MAX_PROOF_LENGTH}`);
  const proof = siblings.map((s: unknown, i) => r.bytes32(s, `${where}.proof[${i}]`, 'a sibling hash'));
  const root = r.bytes32(r.member(e, 'root', where), `${where}.root`, 'a Merkle root');
  const periodId = r.integer(r.member(e, 'periodId', where), `${where}.periodId`, 1, 'an anchoring period id');
  const blocks = r.object(r.member(e, 'fabricBlocks', where), `${where}.fabricBlocks`, '{first, last}');
  const first = r.integer(r.member(blocks, 'first', `${where}.fabricBlocks`), `${where}.fabricBlocks.first`, 1, 'a Fabric block number');
  const last = r.integer(r.member(blocks, 'last', `${where}.fabricBlocks`), `${where}.fabricBlocks.last`, 1, 'a Fabric block number');
  if (last < first) r.fail(`${where}.fabricBlocks`, `last (${last}) is before first (${first})`);
  const c = r.object(r.member(e, 'chain', where), `${where}.chain`, '{chainId, contract, transactionHash, blockNumber}');
  const chainId = r.integer(r.member(c, 'chainId', `${where}.chain`), `${where}.chain.chainId`, 1, 'an EVM chain id');
  const contract = r.member(c, 'contract', `${where}.chain`);
  if (typeof contract !== 'string' || !ADDRESS.test(contract)) r.fail(`${where}.chain.contract`, `must be an address, 0x followed by 40 hex characters, got ${describe(contract)}`);
  const transactionHash = r.member(c, 'transactionHash', `${where}.chain`);
  if (typeof transactionHash !== 'string' || !TX_HASH.test(transactionHash)) r.fail(`${where}.chain.transactionHash`, `must be 0x followed by 64 hex characters, got ${describe(transactionHash)}`);
  const blockNumber = r.integer(r.member(c, 'blockNumber', `${where}.chain`), `${where}.chain.blockNumber`, 0, 'an EVM block number');
  const anchoredAt = r.member(e, 'anchoredAt', where);
  if (typeof anchoredAt !== 'string' || Number.isNaN(Date.parse(anchoredAt))) r.fail(`${where}.anchoredAt`, `must be an ISO date and time, got ${describe(anchoredAt)}`);
  return { event, leaf, proof, root, periodId, fabricBlocks: { first, last }, chain: { chainId, contract, transactionHash, blockNumber }, anchoredAt };
}

/** Validates a parsed proof file; `source` names it in messages (a file name, or "FILE's anchor"). Throws InputError. */
export function parseAnchorProofFile(value: unknown, source: string): AnchorProofFile {
  const r: Reader = new Reader(source);
  const file = r.object(value, 'the anchor proof', '{format, documentHash, events}');
  const format = r.member(file, 'format', '');
  if (format !== ANCHOR_PROOF_FORMAT) {
    const hint = format === ANCHORED_DIPLOMA_FORMAT ? ' (this is an anchored diploma: give it as the FILE to verify)' : '';
    r.fail('format', `must be "${ANCHOR_PROOF_FORMAT}", got ${describe(format)}${hint}`);
  }
  const documentHash = r.member(file, 'documentHash', '');
  if (typeof documentHash !== 'string' || !HASH64.test(documentHash)) {
    r.fail('documentHash', `must be 64 lowercase hex characters without 0x (the diploma's document hash), got ${describe(documentHash)}`);
  }
  const events = r.member(file, 'events', '');
  if (!Array.isArray(events)) r.fail('events', `must be an array, got ${describe(events)}`);
  if (events.length > MAX_EVENTS) r.fail('events', `has ${events.length} entries, more than ${MAX_EVENTS}`);
  return { format: ANCHOR_PROOF_FORMAT, documentHash, events: events.map((e: unknown, i) => parseEvent(r, e, `events[${i}]`)) };
}

/** Parses JSON text of a proof file; `source` names the file. Throws InputError. */
export function parseAnchorProofText(text: string, source: string): AnchorProofFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${source} is not valid JSON (${(error as Error).message}); an anchor proof file is the JSON the gateway's verify page downloads`);
  }
  return parseAnchorProofFile(value, source);
}

/**
 * What a JSON FILE holds: a diploma document, or an anchored diploma (a diploma and its anchor
 * proof). Throws InputError for a malformed wrapper, and for a bare proof file given as FILE.
 */
export function unwrapDiplomaJson(value: unknown, file: string): { document: unknown; anchor?: AnchorProofFile } {
  const format = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json)['format'] : undefined;
  if (format === ANCHOR_PROOF_FORMAT) {
    throw new InputError(`${file} is an anchor proof, not a diploma: give the diploma as the file to verify and this file as --anchor-proof ${file}`);
  }
  if (format !== ANCHORED_DIPLOMA_FORMAT) return { document: value };
  const r: Reader = new Reader(file);
  const wrapper = value as Json;
  const document = r.object(r.member(wrapper, 'document', ''), 'document', '(the diploma document)');
  const anchor = parseAnchorProofFile(r.member(wrapper, 'anchor', ''), `${file}: anchor`);
  return { document, anchor };
}

export function anchorEventNameOf(code: number): AnchorEventName | undefined {
  return NAME_OF_CODE.get(code);
}
