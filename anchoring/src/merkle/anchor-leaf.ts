/**
 * The leaf of a period's anchoring tree: one diploma event committed on Fabric (docs/hashing.md,
 * "Anchoring: the leaves and the tree"). A leaf carries no personal data: the document hash is
 * already a salted hash, and the diploma id (which holds a serial number) is deliberately absent.
 *
 * leafHash = keccak256(keccak256(abi.encode(bytes32 documentHash, uint8 eventType,
 *                                          uint64 fabricBlock, bytes32 fabricTxId)))
 * which is OpenZeppelin's StandardMerkleTree leaf for these four types, so Solidity computes the
 * same value with keccak256(bytes.concat(keccak256(abi.encode(...)))).
 */
import { keccak256 } from 'ethers';
import { bytesToHex, hexToBytesInto } from './hex';

/** The event codes (uint8). Codes never change meaning; a new kind of event gets a new code. */
// SUPERSEDED marks the hash of a diploma replaced by a reissue: a verifier holding that document
// learns from the chain alone that it is no longer valid.
export const ANCHOR_EVENT_TYPES = { ISSUED: 1, CORRECTED: 2, REISSUED: 3, REVOKED: 4, SUPERSEDED: 5 } as const;
export type AnchorEventName = keyof typeof ANCHOR_EVENT_TYPES;
export type AnchorEventType = (typeof ANCHOR_EVENT_TYPES)[AnchorEventName];

const NAME_OF_CODE = new Map<number, AnchorEventName>(
  Object.entries(ANCHOR_EVENT_TYPES).map(([name, code]) => [code, name as AnchorEventName]),
);

/**
 * Which chaincode event (chaincode/src/model.ts EVENT_TYPES) gives which leaf. The other events
 * (issuers, copies, signing certificates) change no diploma's validity and are not anchored.
 */
export const ANCHOR_EVENT_OF_CHAINCODE_EVENT: Readonly<Record<string, AnchorEventType>> = {
  DiplomaIssued: ANCHOR_EVENT_TYPES.ISSUED,
  DiplomasIssued: ANCHOR_EVENT_TYPES.ISSUED,
  DiplomaCorrected: ANCHOR_EVENT_TYPES.CORRECTED,
  DiplomaReissued: ANCHOR_EVENT_TYPES.REISSUED,
  DiplomaRevoked: ANCHOR_EVENT_TYPES.REVOKED,
};

/** The ABI types of the leaf, in order: what StandardMerkleTree and Solidity's abi.encode get. */
export const ANCHOR_LEAF_ENCODING: readonly string[] = Object.freeze(['bytes32', 'uint8', 'uint64', 'bytes32']);

/** The canonical leaf. bytes32 members are `0x` + 64 lowercase hex. */
export interface AnchorLeaf {
  readonly documentHash: string;
  readonly eventType: AnchorEventType;
  readonly fabricBlock: number;
  readonly fabricTxId: string;
}

/** What a caller may pass: the same members, with the bytes32 values with or without `0x`. */
export interface AnchorLeafInput {
  documentHash: string;
  eventType: number;
  fabricBlock: number;
  fabricTxId: string;
}

export const ANCHOR_LEAF_KEYS = ['documentHash', 'eventType', 'fabricBlock', 'fabricTxId'] as const;

/** A leaf that cannot be anchored; the message names the member and what was wrong. */
export class AnchorLeafError extends Error {
  override readonly name = 'AnchorLeafError';
}

const BYTES32 = /^(?:0x)?[0-9a-f]{64}$/;
const ZERO32 = /^(?:0x)?0{64}$/;

function bytes32(value: unknown, where: string, what: string): string {
  if (typeof value !== 'string') throw new AnchorLeafError(`${where}: must be a string of 64 lowercase hex characters (${what}), got ${describe(value)}`);
  if (!BYTES32.test(value)) {
    const hint = /^(?:0x)?[0-9a-fA-F]{64}$/.test(value) ? ' (uppercase hex is refused: one value, one spelling)' : '';
    throw new AnchorLeafError(`${where}: must be 64 lowercase hex characters, optionally after 0x (${what}), got ${describe(value)}${hint}`);
  }
  // All zeros is what an unset field looks like; neither SHA-256 nor a Fabric tx id gives it.
  if (ZERO32.test(value)) throw new AnchorLeafError(`${where}: is all zeros, which is no ${what} (an unset value?)`);
  return value.startsWith('0x') ? value : `0x${value}`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'bigint') return `${value}n (a bigint)`;
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `${typeof value === 'object' ? 'an object' : String(value)}`;
}

/**
 * Validates one leaf and returns its canonical form. `where` prefixes the message (e.g. "leaf 12").
 * Unknown members are refused, so nothing beyond the four values (no diploma id, no personal data)
 * can travel along with a leaf unnoticed.
 */
export function parseAnchorLeaf(input: unknown, where = 'leaf'): AnchorLeaf {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AnchorLeafError(`${where}: must be an object {documentHash, eventType, fabricBlock, fabricTxId}, got ${describe(input)}`);
  }
  const record = input as Record<string, unknown>;
  const extra = Object.keys(record).filter((k) => !(ANCHOR_LEAF_KEYS as readonly string[]).includes(k));
  if (extra.length > 0) throw new AnchorLeafError(`${where}: unknown member(s) ${extra.join(', ')}; a leaf has exactly ${ANCHOR_LEAF_KEYS.join(', ')}`);
  for (const key of ANCHOR_LEAF_KEYS) {
    if (!(key in record)) throw new AnchorLeafError(`${where}: ${key} is missing`);
  }
  const documentHash = bytes32(record.documentHash, `${where}.documentHash`, 'a document hash');
  const eventType = record.eventType;
  if (typeof eventType !== 'number' || !NAME_OF_CODE.has(eventType)) {
    const codes = Object.entries(ANCHOR_EVENT_TYPES).map(([n, c]) => `${c} ${n}`).join(', ');
    throw new AnchorLeafError(`${where}.eventType: must be one of ${codes}, got ${describe(eventType)}`);
  }
  const fabricBlock = record.fabricBlock;
  // Block 0 is the channel's genesis (configuration) block: it never holds a diploma event.
  // Above 2^53-1 a JS number is no longer exact; Fabric is nowhere near that.
  if (typeof fabricBlock !== 'number' || !Number.isSafeInteger(fabricBlock) || fabricBlock < 1) {
    throw new AnchorLeafError(`${where}.fabricBlock: must be an integer from 1 to ${Number.MAX_SAFE_INTEGER} (a Fabric block number), got ${describe(fabricBlock)}`);
  }
  const fabricTxId = bytes32(record.fabricTxId, `${where}.fabricTxId`, 'a Fabric transaction id');
  return { documentHash, eventType: eventType as AnchorEventType, fabricBlock, fabricTxId };
}

export function anchorEventName(code: AnchorEventType): AnchorEventName {
  const name = NAME_OF_CODE.get(code);
  if (name === undefined) throw new AnchorLeafError(`unknown anchor event type ${code}`);
  return name;
}

/** The leaf as StandardMerkleTree's value tuple (uint64 as a bigint, exact at any size). */
export function anchorLeafValues(leaf: AnchorLeaf): [string, number, bigint, string] {
  return [leaf.documentHash, leaf.eventType, BigInt(leaf.fabricBlock), leaf.fabricTxId];
}

/**
 * abi.encode of the four values: four 32-byte words, 128 bytes.
 *   bytes  0..31  documentHash
 *   bytes 32..63  eventType, big-endian, left-padded with zeros (the code is byte 63)
 *   bytes 64..95  fabricBlock, big-endian, left-padded with zeros (bytes 88..95 hold the uint64)
 *   bytes 96..127 fabricTxId
 * Written by hand (not by an ABI coder) because it is this simple and the tree builds 10^6 of them;
 * the tests check it against ethers' AbiCoder and OpenZeppelin's own encoder.
 */
export function encodeAnchorLeaf(leaf: AnchorLeaf): Uint8Array {
  const out = new Uint8Array(128);
  hexToBytesInto(leaf.documentHash, out, 0);
  out[63] = leaf.eventType;
  new DataView(out.buffer).setBigUint64(88, BigInt(leaf.fabricBlock), false);
  hexToBytesInto(leaf.fabricTxId, out, 96);
  return out;
}

/**
 * The leaf hash: keccak256 of keccak256 of the encoding. The second hash is the domain
 * separation: a leaf hash is always the hash of 32 bytes, an inner node the hash of 64 bytes,
 * so no inner node can ever be presented as a leaf (second-preimage attack).
 */
export function anchorLeafHash(leaf: AnchorLeaf): string {
  const inner = new Uint8Array(32);
  hexToBytesInto(keccak256(encodeAnchorLeaf(leaf)), inner, 0);
  return keccak256(inner);
}

/** The leaf's encoding as 0x hex, for test vectors and debugging. */
export function encodeAnchorLeafHex(leaf: AnchorLeaf): string {
  return bytesToHex(encodeAnchorLeaf(leaf));
}
