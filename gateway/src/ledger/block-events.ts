// What a committed block tells the gateway, read from the block itself: the chaincode events and
// the state writes of its valid transactions. Following blocks rather than the peer's
// chaincode-event stream tells the gateway where it stands even when a block holds none of its
// chaincode's events (config blocks, other chaincodes, an idle ledger): it knows it has caught up
// with the chain the moment it has read the last committed block.
import { common, ledger, peer } from '@hyperledger/fabric-protos';

/** One event the chaincode emitted in a valid transaction, in the shape fabric-gateway uses. */
export interface BlockChaincodeEvent {
  blockNumber: bigint;
  transactionId: string;
  chaincodeName: string;
  eventName: string;
  payload: Uint8Array;
}

/** One key a valid transaction wrote in the chaincode's namespace (value null: deleted). */
export interface BlockStateWrite {
  key: string;
  value: Uint8Array | null;
}

interface ValidAction {
  transactionId: string;
  action: peer.ChaincodeAction;
}

/**
 * The chaincode actions of the block's valid endorser transactions, in block order. Invalid
 * transactions (MVCC conflicts, endorsement failures) are skipped: their writes were discarded,
 * and so are their events.
 */
function validChaincodeActions(block: common.Block): ValidAction[] {
  const validation = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
  const actions: ValidAction[] = [];
  block.getData()?.getDataList_asU8().forEach((envelopeBytes, index) => {
    if (validation[index] !== peer.TxValidationCode.VALID) return;
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
    if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return;
    const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
    for (const txAction of transaction.getActionsList()) {
      const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(txAction.getPayload_asU8());
      const responsePayload = peer.ProposalResponsePayload.deserializeBinary(actionPayload.getAction()?.getProposalResponsePayload_asU8() ?? new Uint8Array());
      actions.push({ transactionId: channelHeader.getTxId(), action: peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8()) });
    }
  });
  return actions;
}

export function blockNumberOf(block: common.Block): bigint {
  return BigInt(block.getHeader()?.getNumber() ?? 0);
}

/** Events of `chaincodeName` in the block's valid transactions, in block order. */
export function chaincodeEventsOfBlock(block: common.Block, chaincodeName: string): BlockChaincodeEvent[] {
  const blockNumber = blockNumberOf(block);
  const events: BlockChaincodeEvent[] = [];
  for (const { transactionId, action } of validChaincodeActions(block)) {
    const eventBytes = action.getEvents_asU8();
    if (eventBytes.length === 0) continue;
    const event = peer.ChaincodeEvent.deserializeBinary(eventBytes);
    if (event.getChaincodeId() !== chaincodeName) continue;
    events.push({ blockNumber, transactionId, chaincodeName, eventName: event.getEventName(), payload: event.getPayload_asU8() });
  }
  return events;
}

/**
 * The keys the block's valid transactions wrote in `chaincodeName`'s namespace, in commit order
 * (a later write of the same key is the one in force): the world state the peer applied.
 */
export function stateWritesOfBlock(block: common.Block, chaincodeName: string): BlockStateWrite[] {
  const writes: BlockStateWrite[] = [];
  for (const { action } of validChaincodeActions(block)) {
    const results = action.getResults_asU8();
    if (results.length === 0) continue;
    for (const ns of ledger.rwset.TxReadWriteSet.deserializeBinary(results).getNsRwsetList()) {
      if (ns.getNamespace() !== chaincodeName) continue;
      for (const write of ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8()).getWritesList()) {
        writes.push({ key: write.getKey(), value: write.getIsDelete() ? null : write.getValue_asU8() });
      }
    }
  }
  return writes;
}
