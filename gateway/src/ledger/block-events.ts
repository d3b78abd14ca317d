// The chaincode events a committed block carries, read from the block itself. Following blocks
// rather than the peer's chaincode-event stream tells the gateway where it stands even when a
// block holds none of its chaincode's events (config blocks, other chaincodes, an idle ledger):
// it knows it has caught up with the chain the moment it has read the last committed block.
import { common, peer } from '@hyperledger/fabric-protos';

/** One event the chaincode emitted in a valid transaction, in the shape fabric-gateway uses. */
export interface BlockChaincodeEvent {
  blockNumber: bigint;
  transactionId: string;
  chaincodeName: string;
  eventName: string;
  payload: Uint8Array;
}

/**
 * Events of `chaincodeName` in the block's valid endorser transactions, in block order. Invalid
 * transactions (MVCC conflicts, endorsement failures) are skipped: their writes were discarded,
 * and so are their events.
 */
export function chaincodeEventsOfBlock(block: common.Block, chaincodeName: string): BlockChaincodeEvent[] {
  const blockNumber = BigInt(block.getHeader()?.getNumber() ?? 0);
  const validation = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
  const events: BlockChaincodeEvent[] = [];
  block.getData()?.getDataList_asU8().forEach((envelopeBytes, index) => {
    if (validation[index] !== peer.TxValidationCode.VALID) return;
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
    if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return;
    const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
    for (const action of transaction.getActionsList()) {
      const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
      const responsePayload = peer.ProposalResponsePayload.deserializeBinary(actionPayload.getAction()?.getProposalResponsePayload_asU8() ?? new Uint8Array());
      const chaincodeAction = peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8());
      const eventBytes = chaincodeAction.getEvents_asU8();
      if (eventBytes.length === 0) continue;
      const event = peer.ChaincodeEvent.deserializeBinary(eventBytes);
      if (event.getChaincodeId() !== chaincodeName) continue;
      events.push({
        blockNumber, transactionId: channelHeader.getTxId(), chaincodeName, eventName: event.getEventName(), payload: event.getPayload_asU8(),
      });
    }
  });
  return events;
}
