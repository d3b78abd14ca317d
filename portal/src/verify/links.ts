/** Links from a ledger answer to another version: the version in force, the reissued diploma. */
import type { LedgerEvent, LedgerView } from '../api/types';

/** The hash of the version in force for a CORRECTED hash: given by the gateway, or the latest event of that version. */
export function currentVersionHash(view: LedgerView, events: readonly LedgerEvent[] | undefined): string | undefined {
  if (view.currentDocumentHash) return view.currentDocumentHash;
  if (events === undefined || view.currentVersion === undefined) return undefined;
  const ofCurrent = events.filter((e) => e.version === view.currentVersion && e.documentHash !== view.documentHash);
  return ofCurrent.at(-1)?.documentHash;
}

/** The hash of the reissued diploma that replaced a SUPERSEDED one, when known. */
export function supersedingHash(view: LedgerView, events: readonly LedgerEvent[] | undefined): string | undefined {
  if (view.supersededByHash) return view.supersededByHash;
  const reissue = events?.filter((e) => e.type === 'DiplomaReissued').at(-1);
  const hash = reissue?.details['supersededByHash'] ?? reissue?.details['newDocumentHash'];
  return typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash) ? hash : undefined;
}
