/**
 * The Fabric record of public anchoring (docs/anchoring.md): the Ministry's anchoring worker
 * records each period's Merkle root here BEFORE it sends it to the EVM chain, then the EVM
 * transaction that anchored it. Period ids make every step safe to repeat: a worker that crashed
 * anywhere reads the latest period, resends what it had not finished, and the same request again
 * writes nothing. Ministry only; anyone may read.
 */
import type { Context } from 'fabric-contract-api';
import { requireMinistryAdmin } from '../access';
import { fail } from '../errors';
import { emit } from '../events';
import { anchorPeriodKey, OBJ } from '../ledger/keys';
import { Store } from '../ledger/store';
import { AnchorPeriod } from '../model';
import { txInfo } from '../tx';
import * as v from '../validation';
import { checkNextPeriod, checkTransactionTarget, parsePeriodRequest, parseTransactionRequest, periodId, samePeriod, sameTransaction } from './anchor-rules';
import { createAnchorPeriod, findAnchorPeriod, findLatestAnchor, findLatestAnchorPeriod, loadAnchorPeriod, saveAnchorPeriod } from './anchor-store';

const MAX_REQUEST = 4 * 1024;

export async function recordAnchorPeriod(ctx: Context, raw: string): Promise<{ created: boolean; period: AnchorPeriod }> {
  const tx = txInfo(ctx);
  const req = parsePeriodRequest(v.parseRequest(raw, MAX_REQUEST));
  requireMinistryAdmin(tx, 'recording an anchoring period');

  const latest = await findLatestAnchor(ctx.stub);
  if (latest && req.periodId <= latest.periodId) {
    // Periods have no gaps, so every id up to the latest is recorded: this is a retry or a conflict.
    const stored = (await findAnchorPeriod(ctx.stub, req.periodId)) ?? fail('INTERNAL', `anchoring period ${req.periodId} is missing below the latest, ${latest.periodId}`);
    if (samePeriod(stored, req)) return { created: false, period: stored };
    fail('ANCHOR_PERIOD_CONFLICT', `anchoring period ${req.periodId} is already recorded with root ${stored.root}, blocks ${stored.firstBlock}..${stored.lastBlock}, ${stored.leafCount} leaves, chain ${stored.chainId ?? 'none'}, registry ${stored.contract ?? 'none'}`);
  }
  checkNextPeriod(latest, req);

  const period: AnchorPeriod = {
    docType: 'anchorPeriod',
    periodId: req.periodId,
    root: req.root,
    firstBlock: req.firstBlock,
    lastBlock: req.lastBlock,
    leafCount: req.leafCount,
    chainId: req.chainId,
    contract: req.contract,
    txId: tx.txId,
    timestamp: tx.timestamp,
    mspId: tx.mspId,
    evmTransaction: null,
  };
  await createAnchorPeriod(ctx.stub, period, latest);
  emit(ctx.stub, tx, 'AnchorPeriodRecorded', [], [], {
    chainId: period.chainId, contract: period.contract, firstBlock: period.firstBlock, lastBlock: period.lastBlock,
    leafCount: period.leafCount, periodId: period.periodId, root: period.root,
  });
  return { created: true, period };
}

export async function recordAnchorTransaction(ctx: Context, raw: string): Promise<{ recorded: boolean; period: AnchorPeriod }> {
  const tx = txInfo(ctx);
  const req = parseTransactionRequest(v.parseRequest(raw, MAX_REQUEST));
  requireMinistryAdmin(tx, 'recording an anchoring transaction');

  const period = await loadAnchorPeriod(ctx.stub, req.periodId);
  checkTransactionTarget(period, req);
  const stored = period.evmTransaction;
  if (stored) {
    if (sameTransaction(stored, req)) return { recorded: false, period };
    fail('ANCHOR_TRANSACTION_CONFLICT', `anchoring period ${req.periodId} is already anchored by transaction ${stored.transactionHash} in block ${stored.blockNumber} of chain ${stored.chainId} (registry ${stored.contract}, ${stored.confirmations} confirmations)`);
  }
  const anchored: AnchorPeriod = {
    ...period,
    evmTransaction: {
      chainId: req.chainId,
      contract: req.contract,
      transactionHash: req.transactionHash,
      blockNumber: req.blockNumber,
      confirmations: req.confirmations,
      txId: tx.txId,
      timestamp: tx.timestamp,
      mspId: tx.mspId,
    },
  };
  await saveAnchorPeriod(ctx.stub, anchored);
  emit(ctx.stub, tx, 'AnchorTransactionRecorded', [], [], {
    blockNumber: req.blockNumber, chainId: req.chainId, confirmations: req.confirmations, contract: req.contract,
    periodId: req.periodId, root: period.root, transactionHash: req.transactionHash,
  });
  return { recorded: true, period: anchored };
}

export async function getAnchorPeriod(ctx: Context, raw: string): Promise<AnchorPeriod> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['periodId']);
  return loadAnchorPeriod(ctx.stub, periodId(req.periodId, 'periodId'));
}

/** The latest recorded period; before the first one, found false and period null (not an error). */
export async function getLatestAnchorPeriod(ctx: Context, raw: string): Promise<{ found: boolean; period: AnchorPeriod | null }> {
  v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', []);
  const period = await findLatestAnchorPeriod(ctx.stub);
  return { found: period !== null, period };
}

export interface AnchorPeriodPage {
  records: AnchorPeriod[];
  fetchedRecordsCount: number;
  bookmark: string;
}

/**
 * Periods in id order, from `fromPeriodId` (default 1) or from a bookmark of an earlier page. The
 * start is the period's key, which the peer uses as the start key as it does its own bookmarks.
 */
export async function listAnchorPeriods(ctx: Context, raw: string): Promise<AnchorPeriodPage> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', [], ['fromPeriodId', 'pageSize', 'bookmark']);
  const { pageSize, bookmark } = v.page(req);
  if (req.fromPeriodId !== undefined && bookmark) fail('INVALID_ARGUMENT', 'give fromPeriodId or bookmark, not both');
  if (bookmark && !bookmark.startsWith(ctx.stub.createCompositeKey(OBJ.anchorPeriod, []))) {
    fail('INVALID_ARGUMENT', 'bookmark: not a bookmark of this listing');
  }
  const start = req.fromPeriodId === undefined ? bookmark : anchorPeriodKey(ctx.stub, periodId(req.fromPeriodId, 'fromPeriodId'));
  const res = await new Store(ctx.stub).page<AnchorPeriod>(OBJ.anchorPeriod, [], pageSize, start);
  return { records: res.values, fetchedRecordsCount: res.fetchedRecordsCount, bookmark: res.bookmark };
}
