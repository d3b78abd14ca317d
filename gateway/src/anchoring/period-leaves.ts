// The leaves of a block range: the diploma events of the blocks' valid transactions, in block and
// transaction order (docs/hashing.md §10). Read from the gateway's own peer, block by block, with
// a few blocks in flight; the same range always gives the same leaves, which is what lets a worker
// that stopped anywhere rebuild a recorded period's tree and find the root it recorded.
import { anchorLeavesOfEvent, type AnchorLeaf } from '@vanbang/anchoring';
import { chaincodeEventsOfBlock } from '../ledger/block-events';
import type { GatewayContext } from '../services/context';

const BLOCKS_IN_FLIGHT = 4;

interface EventHashes {
  hashes?: unknown;
}

function leavesOfBlock(ctx: GatewayContext, block: Parameters<typeof chaincodeEventsOfBlock>[0]): AnchorLeaf[] {
  const leaves: AnchorLeaf[] = [];
  for (const event of chaincodeEventsOfBlock(block, ctx.profile.chaincode)) {
    const payload = JSON.parse(Buffer.from(event.payload).toString('utf8')) as EventHashes;
    const hashes = Array.isArray(payload.hashes) ? payload.hashes.filter((h): h is string => typeof h === 'string') : [];
    leaves.push(...anchorLeavesOfEvent({ eventName: event.eventName, hashes, fabricBlock: Number(event.blockNumber), fabricTxId: event.transactionId }));
  }
  return leaves;
}

/** The leaves of blocks first..last (inclusive). Throws if the peer lacks one of them. */
export async function leavesOfBlocks(ctx: GatewayContext, first: number, last: number): Promise<AnchorLeaf[]> {
  const perBlock: AnchorLeaf[][] = new Array(Math.max(0, last - first + 1));
  let next = first;
  await Promise.all(Array.from({ length: Math.min(BLOCKS_IN_FLIGHT, perBlock.length) }, async () => {
    while (next <= last) {
      const number = next++;
      const block = await ctx.ledger.blockByNumber(number);
      if (!block) throw new Error(`block ${number} is not on the gateway's peer`);
      perBlock[number - first] = leavesOfBlock(ctx, block);
    }
  }));
  return perBlock.flat();
}
