/** Command-line arguments of `vanbang verify`. */

export interface VerifyArgs {
  readonly command: 'verify';
  readonly file: string;
  readonly gatewayUrl?: string;
  readonly caFiles: string[];
  readonly json: boolean;
}
export type ParsedArgs = VerifyArgs | { readonly command: 'help' } | { readonly command: 'error'; readonly message: string };

export const USAGE = `Usage: vanbang verify <file.json|file.pdf> [options]

Verifies a digital diploma offline (document hash, integrity, issuer signature, PDF content) and,
when a gateway is given, its status on the ledger.

Options:
  --gateway URL   gateway base URL (default: $VANBANG_GATEWAY_URL); calls GET URL/api/v1/verify/<hash>
  --ca FILE       PEM file with trusted CA certificates of the issuing organization (repeatable)
  --json          machine-readable output
  -h, --help      this help

Exit codes: 0 valid and not revoked (ledger VALID or CORRECTED); 1 not valid (altered, bad signature,
untrusted issuer, PDF content mismatch, ledger REVOKED / SUPERSEDED / NOT_FOUND, or recorded on the
ledger by a certificate whose key was compromised by then, or by another certificate than the
document's); 2 bad input or usage; 3 the file checks out offline but the ledger status is unknown
(no gateway, or unreachable).`;

export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') return { command: 'help' };
  if (command !== 'verify') return { command: 'error', message: `unknown command "${command}" (try: vanbang verify <file>)` };
  const files: string[] = [];
  const caFiles: string[] = [];
  let gatewayUrl = env['VANBANG_GATEWAY_URL'] || undefined;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const value = (): string | undefined => {
      const next = rest[i + 1];
      i++;
      return next === undefined || next.startsWith('--') ? undefined : next;
    };
    if (arg === '--json') json = true;
    else if (arg === '-h' || arg === '--help') return { command: 'help' };
    else if (arg === '--gateway' || arg === '--ca') {
      const v = value();
      if (v === undefined) return { command: 'error', message: `${arg} needs a value` };
      if (arg === '--gateway') gatewayUrl = v; else caFiles.push(v);
    } else if (arg.startsWith('--gateway=')) gatewayUrl = arg.slice('--gateway='.length);
    else if (arg.startsWith('--ca=')) caFiles.push(arg.slice('--ca='.length));
    else if (arg.startsWith('-')) return { command: 'error', message: `unknown option "${arg}"` };
    else files.push(arg);
  }
  if (files.length !== 1 || files[0] === undefined) return { command: 'error', message: 'give exactly one file to verify' };
  if (gatewayUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(gatewayUrl)) {
    return { command: 'error', message: `the gateway URL "${gatewayUrl}" must start with http:// or https://` };
  }
  return { command: 'verify', file: files[0], gatewayUrl, caFiles, json };
}
