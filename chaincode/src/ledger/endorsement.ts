/**
 * Key-level (state-based) endorsement, see docs/endorsement-policies.md.
 *
 * A key hosted by a Department D gets "MinistryMSP.peer AND D.peer": after creation, only the
 * Ministry together with D can change it, so another Department cannot, even with a modified
 * chaincode on its own peer. Ministry-hosted keys keep the chaincode-level policy
 * (Ministry AND any one Department): KeyEndorsementPolicy can only express "all of these orgs",
 * and "Ministry alone" would be weaker than the chaincode-level policy.
 */
import { KeyEndorsementPolicy } from 'fabric-shim';
import { MINISTRY_MSP } from '../model';

/**
 * The policy bytes depend only on the host MSP, so they are built once per host and reused (a
 * cohort of 500 Department-hosted diplomas sets ~1,500 of them). Callers must not mutate them.
 */
const policyCache = new Map<string, Uint8Array>();

export function keyPolicyFor(hostMsp: string): Uint8Array | null {
  if (hostMsp === MINISTRY_MSP) return null;
  let bytes = policyCache.get(hostMsp);
  if (!bytes) {
    const policy = new KeyEndorsementPolicy();
    policy.addOrgs('PEER', MINISTRY_MSP, hostMsp);
    bytes = policy.getPolicy();
    policyCache.set(hostMsp, bytes);
  }
  return bytes;
}

/** Organisations named by a stored key-level policy (for tests and audits). */
export function policyOrgs(policy: Uint8Array): string[] {
  return new KeyEndorsementPolicy(policy).listOrgs().sort();
}
