// The public lookup (tra cứu) the regulation requires: every given field must match exactly,
// and only the published fields come back (diploma name, name, date and place of birth, serial
// and register numbers, date of issue, issuer), with the ledger's current status.
import { DIPLOMA_TYPE_LABELS_VI, type DiplomaType } from '@vanbang/document';
import { collections } from '../models/collections';
import type { DiplomaRecord } from '../models/records';
import { materialize } from './batch-rows';
import { currentStoredDocument } from './stored-documents';
import type { GatewayContext } from './context';
import { idsUnder, registerKey, serialKey } from './lookup-keys';
import { ledgerVerify } from './verification';

/** A key names more diplomas than this only if the data is odd; the lookup reads no further. */
const MAX_CANDIDATES = 200;

export interface LookupQuery {
  serialNumber?: string;
  registerNumber?: string;
  fullName?: string;
  dateOfBirth?: string;
}

export async function lookupDiplomas(ctx: GatewayContext, q: LookupQuery): Promise<Record<string, unknown>[]> {
  // One key names the candidates (read by _id); every given field is then checked on the record.
  const fullName = q.fullName?.normalize('NFC');
  const key = q.serialNumber ? serialKey(q.serialNumber)
    : fullName ? registerKey(q.registerNumber!, 'name', fullName) : registerKey(q.registerNumber!, 'dob', q.dateOfBirth!);
  const ids = (await idsUnder(key)).slice(0, MAX_CANDIDATES);
  const candidates = await Promise.all(ids.map((id) => collections.diplomas().findOne({ _id: id })));
  const matches = candidates.filter((r): r is DiplomaRecord => r !== null
    && (!q.serialNumber || r.serialNumber === q.serialNumber)
    && (!q.registerNumber || r.registerEntryNumber === q.registerNumber)
    && (!fullName || r.lookup?.fullName === fullName)
    && (!q.dateOfBirth || r.lookup?.dateOfBirth === q.dateOfBirth)).slice(0, 20);
  const records = (await Promise.all(matches.map(materialize))).filter((r) => r.state === 'COMMITTED');
  return Promise.all(records.map((r) => publishedView(ctx, r)));
}

async function publishedView(ctx: GatewayContext, r: DiplomaRecord): Promise<Record<string, unknown>> {
  const doc = currentStoredDocument(r);
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
