// Puts an organization's certificate revocation list into its channel MSP. Every organization is
// an application organization (its peer) and an orderer organization (its Raft node), so its MSP
// is in both the Application and the Orderer group and both copies get the CRL: peers check
// proposals and transactions against the first, orderers check what they are asked to order
// against the second.
import { groupAt, type ChannelConfig, type ValuePath } from '../channel-config/channel-config-json';

const MSP_GROUPS = ['Application', 'Orderer'] as const;

interface FabricMspConfig {
  name?: string;
  revocation_list?: string[];
  [key: string]: unknown;
}

/**
 * Sets the MSP's revocation list to `crlPem` (the CA's complete, current CRL from `gencrl`: each
 * organization has one CA, so one list replaces the previous one). Returns the paths of the values
 * it changed: none when the list is already this CRL (a re-run).
 */
export function setRevocationList(config: ChannelConfig, mspId: string, crlPem: string): ValuePath[] {
  const crl = Buffer.from(crlPem, 'utf8').toString('base64');
  const changed: ValuePath[] = [];
  for (const section of MSP_GROUPS) {
    const org = groupAt(config, [section]).groups?.[mspId];
    if (!org) continue; // an organization that runs no orderer has no Orderer group entry
    const msp = org.values?.MSP?.value as { config?: FabricMspConfig } | undefined;
    if (!msp?.config) throw new Error(`/Channel/${section}/${mspId} has no MSP value`);
    if (msp.config.name !== undefined && msp.config.name !== mspId) throw new Error(`/Channel/${section}/${mspId} holds the MSP ${msp.config.name}`);
    const current = msp.config.revocation_list ?? [];
    if (current.length === 1 && current[0] === crl) continue;
    msp.config.revocation_list = [crl];
    changed.push([section, mspId, 'MSP']);
  }
  if (changed.length === 0 && !MSP_GROUPS.some((s) => groupAt(config, [s]).groups?.[mspId])) {
    throw new Error(`the channel has no organization ${mspId}`);
  }
  return changed;
}

/** The CRLs (PEM) an organization's channel MSP holds in one section. */
export function revocationLists(config: ChannelConfig, section: 'Application' | 'Orderer', mspId: string): string[] {
  const msp = groupAt(config, [section]).groups?.[mspId]?.values?.MSP?.value as { config?: FabricMspConfig } | undefined;
  return (msp?.config?.revocation_list ?? []).map((b64) => Buffer.from(b64, 'base64').toString('utf8'));
}
