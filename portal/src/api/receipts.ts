/** Verification receipts signed by the gateway: JSON or a printable PDF. */
import { request, type Outcome } from './outcome';

export interface ReceiptRequest {
  readonly documentHash: string;
  readonly presentedChecks?: { readonly integrity?: boolean; readonly signature?: boolean; readonly hiddenFields?: readonly string[] };
}

export function fetchReceipt(body: ReceiptRequest, format: 'json' | 'pdf'): Promise<Outcome<Blob>> {
  const url = format === 'pdf' ? '/api/v1/verification-receipts?format=pdf' : '/api/v1/verification-receipts';
  return request(() => fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: format === 'pdf' ? 'application/pdf' : 'application/json' },
    body: JSON.stringify(body),
  }), (r) => r.blob());
}
