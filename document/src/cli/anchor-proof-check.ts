/**
 * What an anchor proof proves without any network: that it is about this document, and that each
 * event's leaf (its four values, hashed here, never a hash taken from the file) leads through its
 * sibling hashes to the root it names (docs/hashing.md §10.5). Whether that root is anchored, and
 * whether anything was revoked since, is the chain's answer (evm-check.ts).
 */
import { anchorLeafHash, processAnchorProof, type AnchorLeaf } from '@vanbang/anchoring';
import type { AnchoredEvent, AnchorProofFile } from './anchor-proof-file';

export interface EventPath {
  readonly event: AnchoredEvent;
  /** leafHash(leaf) as §10.2 computes it. */
  readonly leafHash: string;
  /** Every node on the way up: the leaf hash, each inner node, and last the root the proof leads to. */
  readonly nodes: readonly string[];
  readonly computedRoot: string;
  readonly leadsToRoot: boolean;
}

export interface OfflineProofCheck {
  readonly ok: boolean;
  /** Why the proof does not hold for this document; empty when ok. */
  readonly problems: string[];
  readonly paths: readonly EventPath[];
}

export function describeEvent(e: AnchoredEvent, index: number): string {
  return `event ${index + 1} (${e.event}, Fabric block ${e.leaf.fabricBlock})`;
}

function pathOf(event: AnchoredEvent): EventPath {
  // The leaf was validated by anchor-proof-file.ts (canonical hex, a known event code); the cast
  // only widens the code for an @vanbang/anchoring whose table does not list SUPERSEDED (5) yet:
  // the hash itself does not depend on that table.
  const leafHash = anchorLeafHash(event.leaf as AnchorLeaf);
  const nodes = [leafHash];
  for (const sibling of event.proof) nodes.push(processAnchorProof(nodes[nodes.length - 1]!, [sibling]));
  const computedRoot = nodes[nodes.length - 1]!;
  return { event, leafHash, nodes, computedRoot, leadsToRoot: computedRoot === event.root };
}

/** `documentHash`: the document's recomputed hash, 64 lowercase hex. */
export function checkProofOffline(proof: AnchorProofFile, documentHash: string): OfflineProofCheck {
  const problems: string[] = [];
  if (proof.documentHash !== documentHash) {
    problems.push(`the anchor proof is for document hash ${proof.documentHash}, not for this document (${documentHash})`);
  }
  const paths = proof.events.map(pathOf);
  paths.forEach((p, i) => {
    const what = describeEvent(p.event, i);
    if (p.event.leaf.documentHash !== `0x${documentHash}`) {
      problems.push(`${what}: its leaf is about document hash ${p.event.leaf.documentHash}, not 0x${documentHash}`);
    }
    const { first, last } = p.event.fabricBlocks;
    if (p.event.leaf.fabricBlock < first || p.event.leaf.fabricBlock > last) {
      problems.push(`${what}: Fabric block ${p.event.leaf.fabricBlock} is outside its period's blocks ${first}..${last}`);
    }
    if (!p.leadsToRoot) {
      problems.push(`${what}: the proof does not lead to root ${p.event.root} (it leads to ${p.computedRoot}): a sibling hash or a leaf value was altered`);
    }
  });
  return { ok: problems.length === 0, problems, paths };
}
