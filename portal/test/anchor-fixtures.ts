/** Anchor members of GET /api/v1/verify/{hash} as the gateway gives them (the shape of docs/anchoring.md). */
import type { AnchorAnswer, AnchoredEvent, AnchorEventName } from '../src/api/types';

const hex = (seed: string, bytes = 32): string => `0x${seed.repeat(Math.ceil((bytes * 2) / seed.length)).slice(0, bytes * 2)}`;

export const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const TYPES: Record<AnchorEventName, number> = { ISSUED: 1, CORRECTED: 2, REISSUED: 3, REVOKED: 4, SUPERSEDED: 5 };

export function anchoredEvent(documentHash: string, event: AnchorEventName, n: number, opts: { chainId?: number; steps?: number } = {}): AnchoredEvent {
  return {
    event,
    leaf: { documentHash: `0x${documentHash}`, eventType: TYPES[event], fabricBlock: 40 + n * 17, fabricTxId: hex(`${n}c7a`) },
    proof: Array.from({ length: opts.steps ?? 17 }, (_, i) => hex(`${(i + n).toString(16)}e${i % 10}b4`)),
    root: hex(`${n}9f1d`),
    periodId: 11 + n,
    fabricBlocks: { first: 30 + n * 17, last: 46 + n * 17 },
    chain: { chainId: opts.chainId ?? 11155111, contract: CONTRACT, transactionHash: hex(`${n}a0e5`), blockNumber: 7_302_115 + n * 300 },
    anchoredAt: `2026-11-${String(10 + n).padStart(2, '0')}T08:15:00.000Z`,
  };
}

export const anchored = (documentHash: string, events: AnchorEventName[] = ['ISSUED'], opts: { chainId?: number; steps?: number } = {}): AnchorAnswer => ({
  status: 'ANCHORED', events: events.map((e, i) => anchoredEvent(documentHash, e, i, opts)),
});

export const awaiting = (documentHash: string, events: AnchorEventName[] = []): AnchorAnswer => ({
  status: 'AWAITING_ANCHORING', events: events.map((e, i) => anchoredEvent(documentHash, e, i)),
});
