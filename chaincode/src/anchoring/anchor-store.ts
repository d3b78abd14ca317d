/** Reading and writing the anchoring periods and the "latest period" key. */
import type { ChaincodeStub } from 'fabric-shim-api';
import { fail } from '../errors';
import { anchorLatestKey, anchorPeriodKey } from '../ledger/keys';
import { Store } from '../ledger/store';
import { AnchorLatest, AnchorPeriod, MINISTRY_MSP } from '../model';

export function findAnchorPeriod(stub: ChaincodeStub, periodId: number): Promise<AnchorPeriod | null> {
  return new Store(stub).get<AnchorPeriod>(anchorPeriodKey(stub, periodId));
}

export async function loadAnchorPeriod(stub: ChaincodeStub, periodId: number): Promise<AnchorPeriod> {
  const period = await findAnchorPeriod(stub, periodId);
  if (!period) fail('ANCHOR_PERIOD_NOT_FOUND', `anchoring period ${periodId} is not recorded`);
  return period;
}

/** The latest recorded period's id and last block, or null before the first period. */
export function findLatestAnchor(stub: ChaincodeStub): Promise<AnchorLatest | null> {
  return new Store(stub).get<AnchorLatest>(anchorLatestKey(stub));
}

/** The latest recorded period, or null before the first one. */
export async function findLatestAnchorPeriod(stub: ChaincodeStub): Promise<AnchorPeriod | null> {
  const latest = await findLatestAnchor(stub);
  if (!latest) return null;
  const period = await findAnchorPeriod(stub, latest.periodId);
  if (!period) fail('INTERNAL', `the latest anchoring period ${latest.periodId} is not recorded`);
  return period;
}

/**
 * A new period and the latest-period key that now names it. Both are the Ministry's keys: they
 * keep the chaincode-level endorsement policy (no key-level policy, docs/endorsement-policies.md).
 */
export async function createAnchorPeriod(stub: ChaincodeStub, period: AnchorPeriod, previous: AnchorLatest | null): Promise<void> {
  const store = new Store(stub);
  await store.create(anchorPeriodKey(stub, period.periodId), period, MINISTRY_MSP);
  const latest: AnchorLatest = { periodId: period.periodId, lastBlock: period.lastBlock };
  if (previous) await store.update(anchorLatestKey(stub), latest);
  else await store.create(anchorLatestKey(stub), latest, MINISTRY_MSP);
}

/** Saves a period that gained its EVM transaction (the latest-period key does not change). */
export async function saveAnchorPeriod(stub: ChaincodeStub, period: AnchorPeriod): Promise<void> {
  await new Store(stub).update(anchorPeriodKey(stub, period.periodId), period);
}
