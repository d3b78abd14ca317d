/** Human-readable output of `vanbang verify`. */
import type { EvmCheck } from './evm-check';
import type { VerificationReport } from './verify';

function evmLines(evm: EvmCheck, row: (label: string, value: string) => void): void {
  const status = { VALID: 'VALID', INVALID: 'NOT VALID', UNKNOWN: 'UNKNOWN' }[evm.status];
  row('EVM chain:', `${status}: ${evm.summary}`);
  for (const e of evm.events) {
    const a = e.onChain;
    row('', a === null
      ? `- ${e.event}, Fabric block ${e.fabricBlock}: root ${e.root} (period ${e.periodId}) not confirmed on the chain`
      : `- ${e.event}, Fabric block ${e.fabricBlock}: root ${e.root} anchored in period ${a.periodId} (Fabric blocks ${a.firstBlock}..${a.lastBlock}, ${a.leafCount} leaves), EVM block ${a.blockNumber}, ${a.anchoredAtIso}`);
  }
  for (const p of evm.problems) row('', `- ${p}`);
  for (const n of evm.notes) row('', `- note: ${n}`);
}

const yesNo = (ok: boolean): string => (ok ? 'OK' : 'FAILED');

export function formatReport(report: VerificationReport): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`${label.padEnd(15)}${value}`);
  row('File:', `${report.file} (${report.format.toUpperCase()})`);
  if (report.summary.holder !== undefined) row('Holder:', report.summary.holder);
  if (report.summary.diploma !== undefined) row('Diploma:', report.summary.diploma);
  if (report.summary.issuer !== undefined) row('Issuer:', report.summary.issuer);
  if (report.summary.serialNumber !== undefined) row('Serial number:', report.summary.serialNumber);
  row('Document hash:', report.documentHash);
  const hidden = report.integrity.hiddenFields.length > 0 ? ` (hidden by the holder: ${report.integrity.hiddenFields.join(', ')})` : '';
  row('Integrity:', `${yesNo(report.integrity.ok)}${hidden}`);
  for (const p of report.integrity.problems) row('', `- ${p}`);
  if (report.pdf !== undefined) {
    row('PDF content:', report.pdf.visibleContentMatches ? 'OK (what the PDF shows is its embedded document)' : 'FAILED');
    for (const p of report.pdf.problems) row('', `- ${p}`);
  }
  const s = report.signature;
  const chain = s.chainsToTrustedCa === undefined ? 'issuer CA not checked (no --ca)' : s.chainsToTrustedCa ? 'issued by a trusted CA' : 'NOT issued by a trusted CA';
  row('Signature:', s.signerSubject === undefined ? yesNo(s.ok) : `${yesNo(s.ok)}, signed ${s.signedAt ?? '?'}; ${chain}`);
  if (s.signerOrganization !== undefined) {
    const who = s.signerIssuerCode === undefined ? s.signerOrganization : `${s.signerOrganization} (${s.signerIssuerCode})`;
    row('Signed by:', s.certifiedBy === undefined ? who : `${who}, certified by ${s.certifiedBy}`);
  }
  if (s.signerSubject !== undefined) row('Certificate:', `${s.signerSubject} (MSP ${s.mspId ?? '?'})`);
  for (const p of s.problems) row('', `- ${p}`);
  const l = report.ledger;
  // In the standalone check nobody asked a gateway: no row saying so.
  if (report.statusSource.kind !== 'evm-chain') row('Ledger status:', l.checked ? `${l.status} (${l.url})` : `not checked: ${l.reason}`);
  const proof = report.anchorProof;
  if (proof !== undefined) {
    const chain = report.evm === undefined ? '; not checked on an EVM chain (no --evm-rpc)' : '';
    row('Anchor proof:', `${proof.from}: ${proof.events} event(s); ${proof.ok ? 'OK (about this document; each proof leads to its root)' : 'FAILED'}${chain}`);
    if (report.evm === undefined) for (const p of proof.problems) row('', `- ${p}`);
    if (proof.note !== undefined) row('', `- note: ${proof.note}`);
  }
  if (report.evm !== undefined) evmLines(report.evm, row);
  row('Status from:', report.statusSource.description);
  const signer = report.signer;
  if (signer !== undefined) {
    const trust = {
      TRUSTED: 'trusted',
      REVOKED_AFTER_SIGNING: `trusted (its certificate was revoked later; compromised only from ${signer.compromisedAt ?? '?'})`,
      COMPROMISED: `NOT TRUSTED: recorded ${signer.committedAt}, after its signing key was compromised (${signer.compromisedAt ?? '?'})`,
    }[signer.status];
    row('Signer trust:', signer.matchesDocument ? trust : `NOT the certificate that recorded this diploma on the ledger; ${trust}`);
  }
  const verdicts = {
    VALID: 'VALID diploma',
    INVALID: 'NOT VALID',
    UNKNOWN: report.statusSource.kind === 'evm-chain'
      ? 'the file is intact and signed, but its status (revocation) on the EVM chain is unknown'
      : 'the file is intact and signed, but its ledger status (revocation) is unknown',
  };
  row('Result:', verdicts[report.verdict]);
  return `${lines.join('\n')}\n`;
}
