// The public lookup (tra cứu) the regulation requires: every given field must match exactly,
// and only the published fields come back (diploma name, name, date and place of birth, serial
// and register numbers, date of issue, issuer), with the ledger's current status.
import { DIPLOMA_TYPE_LABELS_VI, type DiplomaType } from '@vanbang/document';
import { collections } from '../models/collections';
import type { DiplomaRecord } from '../models/records';
import { materialize } from './batch-rows';
import type { GatewayContext } from './context';
import { ledgerVerify } from './verification';

export interface LookupQuery {
  serialNumber?: string;
  registerNumber?: string;
  fullName?: string;
  dateOfBirth?: string;
}

export async function lookupDiplomas(ctx: GatewayContext, q: LookupQuery): Promise<Record<string, unknown>[]> {
  // Built from validated strings only: no caller-supplied object ever reaches the query.
  const filter: Record<string, string> = {};
  if (q.serialNumber) filter.serialNumber = q.serialNumber;
  if (q.registerNumber) filter.registerEntryNumber = q.registerNumber;
  if (q.fullName) filter['lookup.fullName'] = q.fullName.normalize('NFC');
  if (q.dateOfBirth) filter['lookup.dateOfBirth'] = q.dateOfBirth;
  const found = await collections.diplomas().find(filter).limit(20).toArray();
  const records = (await Promise.all(found.map(materialize))).filter((r) => r.state === 'COMMITTED');
  return Promise.all(records.map((r) => publishedView(ctx, r)));
}

async function publishedView(ctx: GatewayContext, r: DiplomaRecord): Promise<Record<string, unknown>> {
  const doc = r.versions.find((v) => v.documentHash === r.currentHash)?.document;
  const value = (name: string) => doc?.fields[name as keyof typeof doc.fields]?.value ?? null;
  const ledger = await ledgerVerify(ctx, r.currentHash);
  return {
    diplomaId: r._id,
    diplomaName: DIPLOMA_TYPE_LABELS_VI[r.diplomaType as DiplomaType] ?? r.diplomaType,
    fullName: value('fullName'),
    dateOfBirth: value('dateOfBirth'),
    placeOfBirth: value('placeOfBirth'),
    serialNumber: r.serialNumber,
    registerEntryNumber: r.registerEntryNumber,
    dateOfIssue: r.dateOfSigning,
    issuer: { code: r.issuerCode, name: value('issuerName') },
    status: ledger.found ? ledger.status : 'NOT_FOUND',
    corrections: r.versions.filter((v) => v.operation === 'CORRECT' && v.state === 'COMMITTED').map((v) => ({ decision: v.decision, changedFields: v.changedFields })),
    revocation: ledger.revocation ? { ground: ledger.revocation.ground, decision: ledger.revocation.decision } : null,
    supersededBy: ledger.supersededBy ?? null,
  };
}
