// The fabric-ca-server configuration of an organization's CA. It starts from the defaults of the
// pinned Fabric CA itself (written by `fabric-ca-server init` into a scratch folder, so that no
// default is copied here by hand) and sets what differs for this network: the subject of the CA's
// own certificate (the organization's legal name, docs/certificates.md).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { organizationNames } from './certificate-subjects';
import { run } from '../exec';
import { binary } from '../tools';
import type { OrgSpec } from '../topology';

export const CA_CONFIG_FILE = 'fabric-ca-server-config.yaml';

interface CaServerConfig {
  csr: { cn?: string; names: Record<string, string | null>[] } & Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Fabric CA's own default configuration, as this build of fabric-ca-server writes it, with the
 * bootstrap registrar in its registry (fabric-ca-server reads `-b` only when it writes the file).
 */
async function defaultCaConfig(bootstrap: string): Promise<CaServerConfig> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'vanbang-ca-defaults-'));
  try {
    await run(binary('fabric-ca-server'), ['init', '-b', bootstrap], {
      env: { FABRIC_CA_SERVER_HOME: scratch },
      purpose: 'read the default Fabric CA server configuration',
    });
    return parse(readFileSync(path.join(scratch, CA_CONFIG_FILE), 'utf8')) as CaServerConfig;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Writes the CA's configuration before its first start. A CA that already has one keeps it: its
 * certificate was made from it, and the channel's MSP holds that certificate.
 */
export async function writeCaConfig(caHome: string, org: OrgSpec, caName: string, bootstrap: string): Promise<void> {
  const file = path.join(caHome, CA_CONFIG_FILE);
  if (existsSync(file)) return;
  const config = await defaultCaConfig(bootstrap);
  config.csr.cn = caName;
  config.csr.names = [{ ...organizationNames(org) }];
  writeFileSync(file, stringify(config), { mode: 0o600 }); // it holds the bootstrap secret
}
