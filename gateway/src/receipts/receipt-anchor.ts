// The public anchor of a receipt's hash (docs/anchoring.md): read from the `anchor` member of the
// public verify answer (services/verification.ts verifyByHash; null or absent when the gateway
// does not anchor), carried in the signed receipt, printed on the PDF receipt with the proof file
// attached for the standalone checker (scripts/vanbang verify --anchor-proof). Typed here, loosely
// where it comes in: the answer is checked member by member and anything unexpected is left out of
// the receipt rather than signed. A second, independent proof: never the receipt's result.

import { ANCHOR_EVENT_TYPES, type AnchorEventName } from '@vanbang/anchoring';
import type { AnchoredEventView, AnchorView } from '../anchoring/anchor-view';
import { anchorProofFile } from '../anchoring/proof-file';

export const ANCHOR_PROOF_ATTACHMENT_NAME = 'anchor-proof.json';

/** The verify answer's anchor event and anchor (anchoring/anchor-view.ts), as the receipt carries them. */
export type ReceiptAnchoredEvent = AnchoredEventView;
export type ReceiptAnchor = AnchorView;
export { anchorProofFile };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isHex = (v: unknown, bytes = 32): v is string => typeof v === 'string' && new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`).test(v);
const isWhole = (v: unknown, min = 0): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

function readEvent(v: unknown, documentHash: string): ReceiptAnchoredEvent | undefined {
  if (!isRecord(v) || !isRecord(v.leaf) || !isRecord(v.fabricBlocks) || !isRecord(v.chain) || !Array.isArray(v.proof)) return undefined;
  const { leaf, fabricBlocks, chain } = v;
  const event = v.event;
  if (typeof event !== 'string' || !Object.hasOwn(ANCHOR_EVENT_TYPES, event)) return undefined;
  const name = event as AnchorEventName;
  if (!isHex(leaf.documentHash) || leaf.documentHash.slice(2).toLowerCase() !== documentHash.toLowerCase()) return undefined;
  if (leaf.eventType !== ANCHOR_EVENT_TYPES[name] || !isWhole(leaf.fabricBlock, 1) || !isHex(leaf.fabricTxId)) return undefined;
  if (!v.proof.every((p) => isHex(p)) || !isHex(v.root) || !isWhole(v.periodId, 1)) return undefined;
  if (!isWhole(fabricBlocks.first, 1) || !isWhole(fabricBlocks.last, 1) || fabricBlocks.last < fabricBlocks.first) return undefined;
  if (!isWhole(chain.chainId, 1) || !isHex(chain.contract, 20) || !isHex(chain.transactionHash) || !isWhole(chain.blockNumber)) return undefined;
  if (typeof v.anchoredAt !== 'string' || Number.isNaN(Date.parse(v.anchoredAt))) return undefined;
  // Exactly the members of the answer's shape: what is signed and what the proof file carries.
  return {
    event: name,
    leaf: { documentHash: leaf.documentHash, eventType: ANCHOR_EVENT_TYPES[name], fabricBlock: leaf.fabricBlock, fabricTxId: leaf.fabricTxId },
    proof: [...(v.proof as string[])],
    root: v.root,
    periodId: v.periodId,
    fabricBlocks: { first: fabricBlocks.first, last: fabricBlocks.last },
    chain: { chainId: chain.chainId, contract: chain.contract, transactionHash: chain.transactionHash, blockNumber: chain.blockNumber },
    anchoredAt: v.anchoredAt,
  };
}

/**
 * The anchor of a verify answer for `documentHash`: undefined when anchoring is not configured
 * (null or absent) and when the member is not in the expected shape.
 */
export function receiptAnchorOf(value: unknown, documentHash: string): ReceiptAnchor | undefined {
  if (!isRecord(value) || (value.status !== 'ANCHORED' && value.status !== 'AWAITING_ANCHORING') || !Array.isArray(value.events)) return undefined;
  const events = value.events.map((e) => readEvent(e, documentHash));
  if (events.some((e) => e === undefined)) return undefined;
  if (value.status === 'ANCHORED' && events.length === 0) return undefined;
  return { status: value.status, events: events as ReceiptAnchoredEvent[] };
}

/** The file the standalone checker reads: `scripts/vanbang verify diploma.json --anchor-proof FILE`. */

const EVENT_VI: Readonly<Record<AnchorEventName, string>> = {
  ISSUED: 'cấp văn bằng', CORRECTED: 'chỉnh sửa nội dung', REISSUED: 'cấp lại', REVOKED: 'thu hồi', SUPERSEDED: 'bị thay thế bằng văn bằng cấp lại',
};

/** What the PDF receipt prints about the anchor: label and value rows, then notes (pure, for tests). */
export function anchorReceiptLines(anchor: ReceiptAnchor): { rows: [string, string][]; notes: string[] } {
  const latest = anchor.events[anchor.events.length - 1];
  if (anchor.status === 'AWAITING_ANCHORING' || latest === undefined) {
    return {
      rows: [['Trạng thái', 'ĐANG CHỜ NEO (việc neo diễn ra định kỳ); kết quả tra sổ cái ở trên đã là kết quả chính thức']],
      notes: [],
    };
  }
  const range = latest.fabricBlocks.first === latest.fabricBlocks.last ? `${latest.fabricBlocks.first}` : `${latest.fabricBlocks.first}–${latest.fabricBlocks.last}`;
  const rows: [string, string][] = [
    ['Trạng thái', 'ĐÃ NEO trên chuỗi khối công khai; kết quả vẫn do sổ cái quyết định'],
    ['Chuỗi (chain id)', String(latest.chain.chainId)],
    ['Hợp đồng neo', latest.chain.contract],
    ['Giao dịch neo', latest.chain.transactionHash],
    ['Khối EVM', String(latest.chain.blockNumber)],
    ['Gốc Merkle', latest.root],
    ['Kỳ neo', `kỳ số ${latest.periodId}, các khối Fabric ${range}; neo lúc ${latest.anchoredAt}`],
    ['Sự kiện đã neo', anchor.events.map((e) => `${EVENT_VI[e.event]} (kỳ ${e.periodId})`).join('; ')],
  ];
  const notes = [
    ...(anchor.events.some((e) => e.event === 'REVOKED') ? ['Việc thu hồi văn bằng này cũng đã được neo công khai.'] : []),
    `Bằng chứng neo: tệp ${ANCHOR_PROOF_ATTACHMENT_NAME} đính kèm; kiểm tra độc lập, không cần đến cổng: scripts/vanbang verify diploma.json --anchor-proof ${ANCHOR_PROOF_ATTACHMENT_NAME} --evm-rpc URL --contract ${latest.chain.contract}`,
  ];
  return { rows, notes };
}
