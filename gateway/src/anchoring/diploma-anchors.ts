// A diploma's anchors as its holder and staff get them: the proof of each version (GET
// /diplomas/{id}/anchor) and the "anchored diploma" JSON, the signed document with its proof file,
// which `scripts/vanbang verify FILE --evm-rpc URL --contract ADDRESS` checks with only the chain.
import { ApiError } from '../errors/problem';
import type { DiplomaRecord } from '../models/records';
import type { GatewayContext } from '../services/context';
import { ledgerVerify } from '../services/verification';
import type { AnchorView } from './anchor-view';
import { anchorProofFile, type AnchorProofFile } from './proof-file';

export const ANCHORED_DIPLOMA_FORMAT = 'vanbang-anchored-diploma-v1';

function anchoringOn(ctx: GatewayContext): NonNullable<GatewayContext['anchoring']> {
  if (!ctx.anchoring) throw new ApiError(409, 'ANCHORING_OFF', 'This gateway does not anchor on an EVM chain (no chain configured, or it is not the Ministry\'s gateway)');
  return ctx.anchoring;
}

export interface VersionAnchor {
  version: number;
  documentHash: string;
  /** The ledger's status of this version's hash (VALID, CORRECTED, SUPERSEDED, REVOKED). */
  result: string;
  anchor: AnchorView | null;
  proofFile: AnchorProofFile;
}

/** Each committed version of the diploma, oldest first, with its anchor. */
export async function diplomaAnchors(ctx: GatewayContext, record: DiplomaRecord): Promise<{ diplomaId: string; chain: { rpcSource: string; contract: string }; versions: VersionAnchor[] }> {
  const anchoring = anchoringOn(ctx);
  const versions: VersionAnchor[] = [];
  for (const v of [...record.versions].sort((a, b) => a.version - b.version)) {
    if (v.state !== 'COMMITTED') continue;
    const answer = await ledgerVerify(ctx, v.documentHash);
    const anchor = anchoring.views.viewOf(answer);
    versions.push({ version: v.version, documentHash: v.documentHash, result: answer.found ? answer.status : 'NOT_FOUND', anchor, proofFile: anchorProofFile(v.documentHash, anchor) });
  }
  return { diplomaId: record._id, chain: { rpcSource: anchoring.target.source, contract: anchoring.target.contract }, versions };
}

/** The signed document with its proof file, for the standalone check. */
export async function anchoredDocument(ctx: GatewayContext, document: { documentHash?: unknown } & object, documentHash: string): Promise<Record<string, unknown>> {
  const anchoring = anchoringOn(ctx);
  const anchor = anchoring.views.viewOf(await ledgerVerify(ctx, documentHash));
  return { format: ANCHORED_DIPLOMA_FORMAT, document, anchor: anchorProofFile(documentHash, anchor) };
}
