/**
 * The proof a diploma's JSON (or an API answer) carries: the leaf's four values, the sibling
 * hashes from the leaf up, and the root. Everything a verifier needs besides the chain itself,
 * which says whether and when that root was anchored.
 */
import { ANCHOR_EVENT_TYPES, ANCHOR_LEAF_KEYS, AnchorLeaf, AnchorLeafError, parseAnchorLeaf } from './anchor-leaf';

export interface AnchorProof {
  readonly leaf: AnchorLeaf;
  /** Sibling hashes, leaf level first; empty for a one-leaf tree (the root is the leaf hash). */
  readonly proof: readonly string[];
  readonly root: string;
}

/** A proof deeper than this would need a tree of more than 2^64 leaves. */
export const MAX_PROOF_LENGTH = 64;

const HASH_PATTERN = '^0x[0-9a-f]{64}$';
const HASH = new RegExp(HASH_PATTERN);

/**
 * The same rules as parseAnchorProof, as a JSON Schema (draft 2020-12) for other implementations
 * and API documentation. A carrier may add members of its own next to these (chain id, contract,
 * transaction): they are not part of the proof.
 */
export const ANCHOR_PROOF_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'vanbang-anchor-proof-v1',
  type: 'object',
  required: ['leaf', 'proof', 'root'],
  properties: {
    leaf: {
      type: 'object',
      required: [...ANCHOR_LEAF_KEYS],
      additionalProperties: false,
      properties: {
        documentHash: { type: 'string', pattern: HASH_PATTERN },
        eventType: { enum: Object.values(ANCHOR_EVENT_TYPES) },
        fabricBlock: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
        fabricTxId: { type: 'string', pattern: HASH_PATTERN },
      },
    },
    proof: { type: 'array', maxItems: MAX_PROOF_LENGTH, items: { type: 'string', pattern: HASH_PATTERN } },
    root: { type: 'string', pattern: HASH_PATTERN },
  },
} as const;

/** A proof object of the wrong shape: unreadable, which is not the same as "does not verify". */
export class AnchorProofFormatError extends Error {
  override readonly name = 'AnchorProofFormatError';
}

function hash(value: unknown, where: string): string {
  if (typeof value !== 'string' || !HASH.test(value)) {
    const got = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : value === null ? 'null' : typeof value;
    throw new AnchorProofFormatError(`${where}: must be 0x followed by 64 lowercase hex characters, got ${got}`);
  }
  return value;
}

/**
 * Checks the shape of a proof object (typically parsed JSON) and returns it typed. Strict on the
 * spelling: the bytes32 values must be in the canonical `0x` + lowercase form that
 * anchorProofAt writes, so a proof has one spelling.
 */
export function parseAnchorProof(input: unknown, where = 'anchorProof'): AnchorProof {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AnchorProofFormatError(`${where}: must be an object {leaf, proof, root}, got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}`);
  }
  const record = input as Record<string, unknown>;
  for (const key of ['leaf', 'proof', 'root']) {
    if (!(key in record)) throw new AnchorProofFormatError(`${where}: ${key} is missing`);
  }
  let leaf: AnchorLeaf;
  try {
    leaf = parseAnchorLeaf(record.leaf, `${where}.leaf`);
  } catch (e) {
    if (e instanceof AnchorLeafError) throw new AnchorProofFormatError(e.message);
    throw e;
  }
  const rawLeaf = record.leaf as Record<string, unknown>;
  hash(rawLeaf.documentHash, `${where}.leaf.documentHash`);
  hash(rawLeaf.fabricTxId, `${where}.leaf.fabricTxId`);
  const proof = record.proof;
  if (!Array.isArray(proof)) throw new AnchorProofFormatError(`${where}.proof: must be an array of hashes, got ${proof === null ? 'null' : typeof proof}`);
  if (proof.length > MAX_PROOF_LENGTH) throw new AnchorProofFormatError(`${where}.proof: has ${proof.length} entries, more than ${MAX_PROOF_LENGTH}`);
  const siblings = proof.map((p: unknown, i) => hash(p, `${where}.proof[${i}]`));
  const root = hash(record.root, `${where}.root`);
  return { leaf, proof: siblings, root };
}
