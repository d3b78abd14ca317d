/** The public gateway answers the portal reads (see docs/gateway.md and gateway/src/services). */
export type LedgerStatus = 'VALID' | 'CORRECTED' | 'SUPERSEDED' | 'REVOKED' | 'NOT_FOUND';

export interface Decision {
  readonly number: string;
  readonly date: string;
}

/**
 * Who committed the hash, as the ledger recorded it: the certificate's fingerprint and the
 * transaction time (the ledger's signing time), and whether that certificate is still trusted
 * for this hash (COMPROMISED: recorded at or after its key's compromise date).
 */
export interface LedgerSigner {
  readonly fingerprint: string;
  readonly committedAt: string;
  readonly status: 'TRUSTED' | 'REVOKED_AFTER_SIGNING' | 'COMPROMISED';
  readonly registered?: boolean;
  readonly compromisedAt: string | null;
  readonly revokedAt?: string | null;
}

/** GET /api/v1/verify/{hash} (publicVerifyView). */
export interface LedgerView {
  readonly result: LedgerStatus;
  /** The gateway's decision (status in force and a signer not compromised); absent from older gateways. */
  readonly valid?: boolean;
  readonly reason?: string;
  /** null for hashes recorded before the ledger kept signers; absent from older gateways. */
  readonly signer?: LedgerSigner | null;
  readonly documentHash: string;
  readonly diplomaId?: string;
  readonly diplomaType?: string;
  readonly graduationYear?: number;
  readonly issuer?: { readonly code: string; readonly name: string; readonly status: string };
  readonly currentVersion?: number;
  readonly hashVersion?: number;
  /** The diplomaId of the reissued diploma. */
  readonly supersededBy?: string | null;
  /** The document hash of the reissued diploma, when the gateway gives it. */
  readonly supersededByHash?: string | null;
  /** The document hash of the version in force, when the gateway gives it. */
  readonly currentDocumentHash?: string | null;
  readonly revocation?: { readonly ground: string; readonly decision: Decision; readonly timestamp: string | null } | null;
  readonly latestEvent?: { readonly type: string; readonly txId: string; readonly timestamp: string };
  /**
   * The public anchoring of this hash's events on an EVM chain (docs/anchoring.md); null or absent
   * when the gateway has no anchoring configured. A second, independent proof, never the verdict.
   * Read it with readAnchor (verify/anchor.ts), which checks its shape.
   */
  readonly anchor?: AnchorAnswer | null;
}

/** An event's leaf type in the anchoring tree (docs/hashing.md §10.1). */
export type AnchorEventName = 'ISSUED' | 'CORRECTED' | 'REISSUED' | 'REVOKED' | 'SUPERSEDED';

/** One anchored event of a hash: its leaf, the Merkle proof, and where and when its root was anchored. */
export interface AnchoredEvent {
  readonly event: AnchorEventName;
  /** The leaf's four values; bytes32 as 0x + 64 hex. */
  readonly leaf: { readonly documentHash: string; readonly eventType: number; readonly fabricBlock: number; readonly fabricTxId: string };
  /** Sibling hashes, leaf level first (0x + 64 hex). */
  readonly proof: readonly string[];
  readonly root: string;
  readonly periodId: number;
  readonly fabricBlocks: { readonly first: number; readonly last: number };
  readonly chain: { readonly chainId: number; readonly contract: string; readonly transactionHash: string; readonly blockNumber: number };
  /** ISO time. */
  readonly anchoredAt: string;
}

/** `anchor` of GET /api/v1/verify/{hash}. */
export interface AnchorAnswer {
  /** Whether the hash's latest event is anchored yet. */
  readonly status: 'ANCHORED' | 'AWAITING_ANCHORING';
  /** Each anchored event of the hash, oldest first (may be empty while awaiting). */
  readonly events: readonly AnchoredEvent[];
}

/** GET /api/v1/verify/{hash}/events. */
export interface LedgerEvent {
  readonly type: string;
  readonly transactionId: string;
  readonly blockNumber: number | null;
  readonly timestamp: string;
  readonly organization: string;
  /** Legal name of that organization (absent from gateways older than it). */
  readonly organizationName?: string;
  readonly decision: Decision | null;
  readonly status: string;
  readonly version: number;
  readonly documentHash: string;
  readonly details: Record<string, unknown>;
}

export interface LedgerEvents {
  readonly documentHash: string;
  readonly diplomaId: string;
  /** The hash of the version in force. */
  readonly currentDocumentHash?: string;
  /** The reissued diploma that replaced this one, with the hash of its version in force. */
  readonly supersededBy?: { readonly diplomaId: string; readonly documentHash: string } | null;
  readonly events: readonly LedgerEvent[];
}

/** GET /api/v1/public/issuers/{code}. */
export interface PublicIssuer {
  readonly code: string;
  readonly name: string;
  readonly kind: string;
  readonly status: string;
  readonly hostMsp: string;
  readonly successorCode: string | null;
  readonly diplomaTypes: readonly string[];
  readonly validFrom: string;
  readonly validTo: string | null;
}

/** GET /api/v1/public/trust-anchors. */
export interface TrustAnchors {
  readonly organizations: readonly { readonly mspId: string; readonly name?: string; readonly caCertificatesPem: readonly string[] }[];
}

/** One row of GET /api/v1/lookup (services/lookup.ts publishedView). */
export interface LookupResult {
  readonly diplomaId: string;
  readonly diplomaName: string;
  readonly fullName: string | null;
  readonly dateOfBirth: string | null;
  readonly placeOfBirth: string | null;
  readonly serialNumber: string;
  readonly registerEntryNumber: string;
  readonly dateOfIssue: string;
  readonly issuer: { readonly code: string; readonly name: string | null };
  readonly status: LedgerStatus;
  readonly corrections: readonly { readonly decision: Decision; readonly changedFields: readonly string[] }[];
  readonly revocation: { readonly ground: string; readonly decision: Decision } | null;
  readonly supersededBy: string | null;
}
