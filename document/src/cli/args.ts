/** Command-line arguments of `vanbang verify`. */

export interface VerifyArgs {
  readonly command: 'verify';
  readonly file: string;
  readonly gatewayUrl?: string;
  readonly caFiles: string[];
  readonly json: boolean;
  /** The standalone check: the anchor registry on an EVM chain (both set, or neither). */
  readonly evm?: { readonly rpcUrl: string; readonly contract: string };
  readonly anchorProofFile?: string;
}
export type ParsedArgs = VerifyArgs | { readonly command: 'help' } | { readonly command: 'error'; readonly message: string };

export const USAGE = `Usage: vanbang verify <file.json|file.pdf> [options]

Verifies a digital diploma offline (document hash, integrity, issuer signature, PDF content) and
its status (revoked? replaced?) from a gateway (the ledger), from the EVM chain its events are
anchored on (the standalone check: no gateway, no Fabric), or from both.

The file is a diploma (JSON or PDF), or an anchored diploma: a JSON file
  { "format": "vanbang-anchored-diploma-v1", "document": <the diploma>, "anchor": <its anchor proof> }

Options:
  --gateway URL         gateway base URL (default: $VANBANG_GATEWAY_URL); calls GET URL/api/v1/verify/<hash>
  --evm-rpc URL         JSON-RPC URL of the EVM chain (default: $VANBANG_EVM_RPC_URL); checks the anchor
                        proof against the anchor registry there: no gateway, no Fabric
  --contract ADDRESS    the anchor registry's address as the Ministry publishes it (default:
                        $VANBANG_EVM_CONTRACT); needed with --evm-rpc, never taken from the proof
  --anchor-proof FILE   the diploma's anchor proof ("format": "vanbang-anchor-proof-v1", downloaded from
                        the gateway's verify page); not needed for an anchored diploma file
  --ca FILE             PEM file with trusted CA certificates of the issuing organization (repeatable)
  --json                machine-readable output
  -h, --help            this help

The output names where the status came from: "gateway <url>", or "EVM chain <id> at <url>, contract
<address> (no gateway, no Fabric)". On the EVM chain a diploma is valid when every event of its proof
leads to a root the registry anchored (in the period and Fabric blocks the proof says), none is
REVOKED or SUPERSEDED, and the registry records no revocation of its hash (even one newer than the
proof). A node on another chain than the proof's, or a --contract other than the proof's, is refused.
With both --gateway and --evm-rpc, both are asked and must agree: valid only when both say valid, not
valid when either says not valid, unknown otherwise. Without --evm-rpc an anchor proof is only
checked offline (about this document, each proof leads to its root); --anchor-proof is used instead
of the proof an anchored diploma file carries.

Exit codes: 0 valid and not revoked (ledger VALID or CORRECTED; or anchored on the EVM chain and not
revoked); 1 not valid (altered, bad signature, untrusted issuer, PDF content mismatch, ledger REVOKED /
SUPERSEDED / NOT_FOUND, or recorded on the ledger by a certificate whose key was compromised by then,
or by another certificate than the document's; on the EVM chain: revoked, a REVOKED or SUPERSEDED
event, a proof that does not lead to an anchored root or is for another document); 2 bad input or
usage (also a refused EVM check); 3 the file checks out offline but its status is unknown (no
gateway or chain given, or unreachable, or the chain's answer unreadable, or not anchored yet).`;

const VALUE_OPTIONS = ['--gateway', '--ca', '--evm-rpc', '--contract', '--anchor-proof'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') return { command: 'help' };
  if (command !== 'verify') return { command: 'error', message: `unknown command "${command}" (try: vanbang verify <file>)` };
  const files: string[] = [];
  const caFiles: string[] = [];
  let gatewayUrl = env['VANBANG_GATEWAY_URL'] || undefined;
  let rpcUrl = env['VANBANG_EVM_RPC_URL'] || undefined;
  let contract = env['VANBANG_EVM_CONTRACT'] || undefined;
  let contractGiven = false;
  let anchorProofFile: string | undefined;
  let json = false;
  const set = (option: ValueOption, v: string): void => {
    if (option === '--gateway') gatewayUrl = v;
    else if (option === '--ca') caFiles.push(v);
    else if (option === '--evm-rpc') rpcUrl = v;
    else if (option === '--contract') { contract = v; contractGiven = true; }
    else anchorProofFile = v;
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (arg === '--json') json = true;
    else if (arg === '-h' || arg === '--help') return { command: 'help' };
    else if ((VALUE_OPTIONS as readonly string[]).includes(name)) {
      let v: string | undefined;
      if (eq > 0) v = arg.slice(eq + 1);
      else {
        const next = rest[i + 1];
        i++;
        v = next === undefined || next.startsWith('--') ? undefined : next;
      }
      if (v === undefined || v === '') return { command: 'error', message: `${name} needs a value` };
      set(name as ValueOption, v);
    } else if (arg.startsWith('-')) return { command: 'error', message: `unknown option "${arg}"` };
    else files.push(arg);
  }
  if (files.length !== 1 || files[0] === undefined) return { command: 'error', message: 'give exactly one file to verify' };
  if (gatewayUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(gatewayUrl)) {
    return { command: 'error', message: `the gateway URL "${gatewayUrl}" must start with http:// or https://` };
  }
  if (rpcUrl !== undefined && !isHttpUrl(rpcUrl)) {
    return { command: 'error', message: `the EVM RPC URL "${rpcUrl}" must be an http:// or https:// URL (the chain's JSON-RPC endpoint)` };
  }
  if (contractGiven && rpcUrl === undefined) return { command: 'error', message: '--contract needs --evm-rpc URL (or VANBANG_EVM_RPC_URL)' };
  if (rpcUrl !== undefined && contract === undefined) {
    return {
      command: 'error',
      message: '--evm-rpc needs --contract ADDRESS (or VANBANG_EVM_CONTRACT): the anchor registry\'s address as the Ministry publishes it, never taken from the proof, which anyone can write',
    };
  }
  if (rpcUrl !== undefined && contract !== undefined && !ADDRESS.test(contract)) {
    return { command: 'error', message: `the contract "${contract}" is not an address (0x followed by 40 hex characters)` };
  }
  return {
    command: 'verify', file: files[0], gatewayUrl, caFiles, json,
    ...(rpcUrl !== undefined && contract !== undefined ? { evm: { rpcUrl, contract } } : {}),
    ...(anchorProofFile === undefined ? {} : { anchorProofFile }),
  };
}
