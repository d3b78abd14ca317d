/**
 * The rules of the anchoring record, without state: the request formats, the sequence of periods,
 * and what counts as "the same" period or EVM transaction when the worker retries after a crash.
 */
import { fail } from '../errors';
import { AnchorLatest, AnchorPeriod, AnchorTransaction } from '../model';
import * as v from '../validation';

const BYTES32_RE = /^0x[0-9a-f]{64}$/;
const ZERO_BYTES32 = `0x${'0'.repeat(64)}`;
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
const ZERO_ADDRESS = `0x${'0'.repeat(40)}`;
/** Period ids, block numbers and chain ids: JSON numbers the chaincode can hold exactly. */
const MAX_INTEGER = Number.MAX_SAFE_INTEGER;
/** The registry stores leafCount as a uint32: a period recorded here can always be anchored. */
const MAX_LEAF_COUNT = 0xffff_ffff;

export const periodId = (value: unknown, name: string): number => v.integer(value, name, 1, MAX_INTEGER);

/** A bytes32 as '0x' + 64 lowercase hex (a Merkle root, an EVM transaction hash). */
function bytes32(value: unknown, name: string, what: string): string {
  return v.matchString(value, name, BYTES32_RE, `${what} as 0x + 64 lowercase hex characters`);
}

export const chainId = (value: unknown, name: string): number => v.integer(value, name, 1, MAX_INTEGER);

/** An EVM address '0x' + 40 hex, any case (EIP-55 checksums are mixed case), stored lowercase. */
export function contractAddress(value: unknown, name: string): string {
  const address = v.matchString(value, name, ADDRESS_RE, 'an EVM address (0x + 40 hex characters)').toLowerCase();
  if (address === ZERO_ADDRESS) fail('INVALID_ARGUMENT', `${name}: the zero address is not a contract`);
  return address;
}

/** What RecordAnchorPeriod asks to record: the period's own fields, without the recording transaction's. */
export type PeriodRequest = Pick<AnchorPeriod, 'periodId' | 'root' | 'firstBlock' | 'lastBlock' | 'leafCount' | 'chainId' | 'contract'>;

export function parsePeriodRequest(request: v.Json): PeriodRequest {
  const req = v.expectObject(request, '', ['periodId', 'root', 'firstBlock', 'lastBlock', 'leafCount'], ['chainId', 'contract']);
  const root = bytes32(req.root, 'root', 'a Merkle root');
  // The registry refuses a zero root: recording one here would leave a period that can never be anchored.
  if (root === ZERO_BYTES32) fail('INVALID_ARGUMENT', 'root: the zero root is not a Merkle root');
  const firstBlock = v.integer(req.firstBlock, 'firstBlock', 1, MAX_INTEGER);
  const lastBlock = v.integer(req.lastBlock, 'lastBlock', 1, MAX_INTEGER);
  if (lastBlock < firstBlock) fail('INVALID_ARGUMENT', `lastBlock ${lastBlock} is before firstBlock ${firstBlock}`);
  return {
    periodId: periodId(req.periodId, 'periodId'),
    root,
    firstBlock,
    lastBlock,
    leafCount: v.integer(req.leafCount, 'leafCount', 1, MAX_LEAF_COUNT),
    chainId: req.chainId === undefined || req.chainId === null ? null : chainId(req.chainId, 'chainId'),
    contract: req.contract === undefined || req.contract === null ? null : contractAddress(req.contract, 'contract'),
  };
}

/** What RecordAnchorTransaction asks to record. */
export interface TransactionRequest {
  periodId: number;
  chainId: number;
  contract: string;
  transactionHash: string;
  blockNumber: number;
  confirmations: number;
}

export function parseTransactionRequest(request: v.Json): TransactionRequest {
  const req = v.expectObject(request, '', ['periodId', 'chainId', 'contract', 'transactionHash', 'blockNumber', 'confirmations']);
  return {
    periodId: periodId(req.periodId, 'periodId'),
    chainId: chainId(req.chainId, 'chainId'),
    contract: contractAddress(req.contract, 'contract'),
    transactionHash: bytes32(req.transactionHash, 'transactionHash', 'an EVM transaction hash'),
    blockNumber: v.integer(req.blockNumber, 'blockNumber', 1, MAX_INTEGER),
    confirmations: v.integer(req.confirmations, 'confirmations', 1, MAX_INTEGER),
  };
}

/** Is a recorded period exactly what is asked again (a retry)? Every field counts, null included. */
export function samePeriod(stored: AnchorPeriod, req: PeriodRequest): boolean {
  return stored.periodId === req.periodId && stored.root === req.root && stored.firstBlock === req.firstBlock
    && stored.lastBlock === req.lastBlock && stored.leafCount === req.leafCount
    && stored.chainId === req.chainId && stored.contract === req.contract;
}

/** A new period must be the next id (the first is 1) and start after the previous period's last block. */
export function checkNextPeriod(latest: AnchorLatest | null, req: PeriodRequest): void {
  const next = (latest?.periodId ?? 0) + 1;
  if (req.periodId !== next) {
    fail('ANCHOR_PERIOD_OUT_OF_SEQUENCE', `period ${req.periodId} cannot be recorded: the next period is ${next} (${latest ? `the latest is ${latest.periodId}` : 'none is recorded yet'}; periods increase by exactly 1)`);
  }
  if (latest && req.firstBlock <= latest.lastBlock) {
    fail('ANCHOR_BLOCK_RANGE_OVERLAP', `period ${req.periodId}: firstBlock ${req.firstBlock} must come after block ${latest.lastBlock}, the last block of period ${latest.periodId}`);
  }
}

/** Is a recorded EVM transaction exactly the one given again (a retry)? */
export function sameTransaction(stored: AnchorTransaction, req: TransactionRequest): boolean {
  return stored.chainId === req.chainId && stored.contract === req.contract && stored.transactionHash === req.transactionHash
    && stored.blockNumber === req.blockNumber && stored.confirmations === req.confirmations;
}

/** A period recorded for a chain and registry is anchored there and nowhere else. */
export function checkTransactionTarget(period: AnchorPeriod, req: TransactionRequest): void {
  if (period.chainId !== null && period.chainId !== req.chainId) {
    fail('ANCHOR_TRANSACTION_CONFLICT', `period ${period.periodId} was recorded for chain ${period.chainId}, not ${req.chainId}`);
  }
  if (period.contract !== null && period.contract !== req.contract) {
    fail('ANCHOR_TRANSACTION_CONFLICT', `period ${period.periodId} was recorded for registry ${period.contract}, not ${req.contract}`);
  }
}
