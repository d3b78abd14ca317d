// The walkthrough a new user does after `npm start` (npm run demo): with the demo credentials,
// issue a diploma, verify it by hash, by its document and by its PDF, hide fields and verify
// again, correct it, revoke it, read its history with transaction ids, look it up publicly, and
// issue a CSV cohort while watching its progress. Every step checks the answer it gets and stops
// with a readable message when it is not the one a user should see.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bkaDiploma, csvCohort } from '../../test/support/gateway-fixtures';
import { lookupChallengeHeaders } from '../../test/support/lookup-challenge';

export interface DemoOptions {
  /** The gateway, e.g. http://127.0.0.1:3000 */
  url: string;
  /** API keys by demo caller name (var/demo-credentials.json). */
  apiKeys: Record<string, string>;
  /** Rows of the CSV cohort (0: no batch). */
  rows: number;
  log: (line: string) => void;
  /** Where the diploma for the portal is written (its PDF and JSON); none when absent. */
  outDir?: string;
}

export interface DemoSummary {
  diplomaId: string;
  verifyResults: Record<'byHash' | 'byDocument' | 'withHiddenFields' | 'byPdf' | 'oldHashAfterCorrection' | 'afterRevocation', string>;
  historyEvents: { type: string; transactionId: string; blockNumber: number }[];
  batch: { id: string; total: number; committed: number; failed: number; seconds: number } | null;
  /** A diploma left valid for the portal: its files (when outDir was given) and its page. */
  forPortal: { diplomaId: string; documentHash: string; pageUrl: string; pdfFile?: string; jsonFile?: string };
}

export class DemoError extends Error {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function runDemo(opts: DemoOptions): Promise<DemoSummary> {
  const { url, log } = opts;
  const key = (name: string): string => {
    const k = opts.apiKeys[name];
    if (!k) throw new DemoError(`No demo caller "${name}" in the credentials (has ${Object.keys(opts.apiKeys).join(', ')}). Was the gateway started by npm start?`);
    return k;
  };
  const call = async (method: string, path: string, o: { as?: string; json?: unknown; body?: string | Uint8Array; type?: string; expect?: number; headers?: Record<string, string> } = {}): Promise<{ status: number; body: Json; bytes: Uint8Array }> => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.as) headers.authorization = `Bearer ${key(o.as)}`;
    if (o.json !== undefined || o.type) headers['content-type'] = o.type ?? 'application/json';
    let res: Response;
    try {
      res = await fetch(url + path, { method, headers, body: o.json !== undefined ? JSON.stringify(o.json) : o.body, signal: AbortSignal.timeout(120_000) });
    } catch (err) {
      throw new DemoError(`${method} ${path}: the gateway at ${url} did not answer (${(err as Error).message}). Is it running? (npm start)`);
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    let body: Json = null;
    try {
      body = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch {
      /* not JSON (the PDF) */
    }
    const expected = o.expect ?? 200;
    if (res.status !== expected) {
      throw new DemoError(`${method} ${path} answered ${res.status} instead of ${expected}: ${body?.detail ?? body?.title ?? Buffer.from(bytes).toString('utf8').slice(0, 300)}`);
    }
    return { status: res.status, body, bytes };
  };
  const expectResult = (what: string, answer: Json, wanted: string): string => {
    if (answer?.result !== wanted) throw new DemoError(`${what}: the ledger answered ${answer?.result ?? JSON.stringify(answer)} instead of ${wanted}`);
    return answer.result;
  };

  await call('GET', '/api/v1/health');
  const run = Date.now().toString(36).toUpperCase().slice(-6);

  log('1. Issue a diploma (POST /api/v1/diplomas, as the university BKA)');
  const fields = bkaDiploma(`D${run}`, 1);
  const issued = (await call('POST', '/api/v1/diplomas', { as: 'bka-issuer', json: fields, expect: 201 })).body;
  const id = encodeURIComponent(issued.id);
  log(`   ${issued.id}: ${issued.state}, document hash ${issued.documentHash}`);
  log(`   on the ledger in transaction ${issued.transactionId}, block ${issued.blockNumber}`);

  log('2. Verify it, as anyone (no account)');
  const byHash = expectResult('verify by hash', (await call('GET', `/api/v1/verify/${issued.documentHash}`)).body, 'VALID');
  log(`   by hash (GET /api/v1/verify/{hash}): ${byHash}`);
  const byDoc = (await call('POST', '/api/v1/verify', { json: issued.document })).body;
  expectResult('verify by document', byDoc, 'VALID');
  if (!byDoc.integrity?.ok || !byDoc.signature?.ok) throw new DemoError(`verify by document: integrity ${byDoc.integrity?.ok}, signature ${byDoc.signature?.ok}`);
  log(`   by its document (POST /api/v1/verify): ${byDoc.result}, integrity ok, signature ok (signed by ${byDoc.signature.mspId}, chain to its CA ${byDoc.signature.chainsToTrustedCa ? 'checked' : 'not checked'})`);

  const hidden = (await call('GET', `/api/v1/diplomas/${id}/document?hide=dateOfBirth,ethnicity,personalIdNumber`, { as: 'bka-issuer' })).body;
  const withHidden = (await call('POST', '/api/v1/verify', { json: hidden })).body;
  expectResult('verify with hidden fields', withHidden, 'VALID');
  log(`   with date of birth, ethnicity and ID number hidden by the holder: ${withHidden.result}, hidden: ${(withHidden.hiddenFields as string[]).join(', ')}`);

  const pdf = (await call('GET', `/api/v1/diplomas/${id}/pdf`, { as: 'bka-issuer' })).bytes;
  const byPdf = expectResult('verify by PDF', (await call('POST', '/api/v1/verify', { body: pdf, type: 'application/pdf' })).body, 'VALID');
  log(`   by its PDF (${pdf.length} bytes, the document embedded): ${byPdf}`);

  log('3. Correct it after a civil-status change (POST /api/v1/diplomas/{id}/corrections)');
  const corrected = (await call('POST', `/api/v1/diplomas/${id}/corrections`, {
    as: 'bka-issuer', expect: 201,
    json: { changes: { fullName: `${String(fields.fullName)} Anh` }, reason: 'CIVIL_STATUS_CHANGE', decision: { number: `${run}/QĐ-ĐHBK`, date: '2026-09-01' } },
  })).body;
  const oldHash = expectResult('the first version after the correction', (await call('GET', `/api/v1/verify/${issued.documentHash}`)).body, 'CORRECTED');
  expectResult('the corrected version', (await call('GET', `/api/v1/verify/${corrected.documentHash}`)).body, 'VALID');
  log(`   version ${corrected.version} (hash ${corrected.documentHash}) is VALID; the first version now answers ${oldHash}`);

  log('4. Revoke it by a decision, with its legal ground (POST /api/v1/diplomas/{id}/revocations)');
  await call('POST', `/api/v1/diplomas/${id}/revocations`, { as: 'bka-issuer', expect: 201, json: { ground: 'FRAUD', decision: { number: `${run}-TH/QĐ-ĐHBK`, date: '2026-10-01' } } });
  const revoked = (await call('GET', `/api/v1/verify/${corrected.documentHash}`)).body;
  const afterRevocation = expectResult('verify after the revocation', revoked, 'REVOKED');
  log(`   verify now answers ${afterRevocation}, ground ${revoked.revocation?.ground}, decision ${revoked.revocation?.decision?.number}`);

  log('5. Its history, as an auditor (GET /api/v1/diplomas/{id}/history)');
  const history = (await call('GET', `/api/v1/diplomas/${id}/history`, { as: 'auditor' })).body;
  const events = (history.events as Json[]).map((e) => ({ type: String(e.type), transactionId: String(e.transactionId), blockNumber: Number(e.blockNumber) }));
  for (const e of events) log(`   ${e.type.padEnd(18)} block ${String(e.blockNumber).padStart(4)}  tx ${e.transactionId}`);
  const types = events.map((e) => e.type).join(',');
  if (types !== 'DiplomaIssued,DiplomaCorrected,DiplomaRevoked') throw new DemoError(`history: expected issued, corrected, revoked; got ${types}`);

  log('6. The public lookup the regulation requires (GET /api/v1/lookup, after solving its proof-of-work challenge as the portal does)');
  let challengeHeaders: Record<string, string>;
  try {
    challengeHeaders = await lookupChallengeHeaders(url);
  } catch (err) {
    throw new DemoError(`lookup: could not get or solve the challenge (${(err as Error).message})`);
  }
  const lookup = (await call('GET', `/api/v1/lookup?serialNumber=${encodeURIComponent(String(fields.serialNumber))}&dateOfBirth=${String(fields.dateOfBirth)}`, { headers: challengeHeaders })).body;
  if (lookup.results?.length !== 1) throw new DemoError(`lookup: expected the diploma, got ${JSON.stringify(lookup).slice(0, 200)}`);
  log(`   ${lookup.results[0].fullName}, ${lookup.results[0].diplomaName}, status ${lookup.results[0].status}`);

  log('7. A diploma left valid, for you to check in the portal');
  const kept = (await call('POST', '/api/v1/diplomas', { as: 'bka-issuer', json: bkaDiploma(`D${run}`, 2), expect: 201 })).body;
  const keptPdf = (await call('GET', `/api/v1/diplomas/${encodeURIComponent(kept.id)}/pdf`, { as: 'bka-issuer' })).bytes;
  const forPortal: DemoSummary['forPortal'] = { diplomaId: kept.id, documentHash: kept.documentHash, pageUrl: `${url}/v/${kept.documentHash}` };
  if (opts.outDir) {
    mkdirSync(opts.outDir, { recursive: true });
    const base = path.join(opts.outDir, String(kept.id).replace(/[^A-Za-z0-9-]/g, '-'));
    writeFileSync(`${base}.pdf`, keptPdf);
    writeFileSync(`${base}.json`, JSON.stringify(kept.document, null, 2));
    Object.assign(forPortal, { pdfFile: `${base}.pdf`, jsonFile: `${base}.json` });
    log(`   ${kept.id}: its PDF ${base}.pdf and its document ${base}.json`);
  }
  log(`   open ${url}/ and drop the PDF (or scan its QR code), or open ${forPortal.pageUrl}`);
  log(`   then revoke it and reload the page: curl -X POST ${url}/api/v1/diplomas/${encodeURIComponent(kept.id)}/revocations -H 'authorization: Bearer ${key('bka-issuer')}' -H 'content-type: application/json' -d '{"ground":"FRAUD","decision":{"number":"1/QĐ-ĐHBK","date":"2026-12-01"}}'`);

  const summary: DemoSummary = {
    diplomaId: issued.id,
    verifyResults: { byHash, byDocument: byDoc.result, withHiddenFields: withHidden.result, byPdf, oldHashAfterCorrection: oldHash, afterRevocation },
    historyEvents: events,
    batch: null,
    forPortal,
  };
  if (opts.rows <= 0) return summary;

  log(`8. Issue a cohort of ${opts.rows.toLocaleString('en')} diplomas from a CSV with Vietnamese headers (POST /api/v1/diploma-batches)`);
  const started = Date.now();
  const accepted = (await call('POST', '/api/v1/diploma-batches', { as: 'bka-issuer', body: [...csvCohort(`C${run}`, 0, opts.rows)].join(''), type: 'text/csv', expect: 202 })).body;
  log(`   received and validated in ${((Date.now() - started) / 1000).toFixed(1)} s: batch ${accepted.id}, ${accepted.validated} valid rows, ${accepted.failed} failed`);
  let progress: Json;
  for (;;) {
    progress = (await call('GET', `/api/v1/diploma-batches/${accepted.id}`, { as: 'bka-issuer' })).body;
    log(`   ${progress.status.padEnd(10)} committed ${String(progress.committed).padStart(7)} / ${progress.validated}`);
    if (progress.status === 'COMPLETED') break;
    if (Date.now() - started > 30 * 60_000) throw new DemoError(`the batch is still ${progress.status} after 30 minutes`);
    await new Promise((r) => setTimeout(r, 2_000));
  }
  const seconds = (Date.now() - started) / 1000;
  log(`   all on the ledger in ${seconds.toFixed(1)} s (${Math.round(progress.committed / seconds)} diplomas/s)`);
  summary.batch = { id: accepted.id, total: progress.total, committed: progress.committed, failed: progress.failed, seconds };
  return summary;
}
