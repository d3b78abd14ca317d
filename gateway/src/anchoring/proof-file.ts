// The proof file of one document hash (`vanbang-anchor-proof-v1`): everything the standalone check
// (scripts/vanbang verify --anchor-proof) needs besides the chain. Served by GET /diplomas/{id}/anchor,
// wrapped in the anchored diploma, attached to the PDF receipt.
import type { AnchoredEventView } from './anchor-view';

export const ANCHOR_PROOF_FORMAT = 'vanbang-anchor-proof-v1';

export interface AnchorProofFile {
  format: typeof ANCHOR_PROOF_FORMAT;
  /** 64 lowercase hex, no 0x. */
  documentHash: string;
  events: AnchoredEventView[];
}

export function anchorProofFile(documentHash: string, anchor: { events: AnchoredEventView[] } | null): AnchorProofFile {
  return { format: ANCHOR_PROOF_FORMAT, documentHash: documentHash.replace(/^0x/i, '').toLowerCase(), events: anchor?.events ?? [] };
}
