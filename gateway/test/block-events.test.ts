import { common, ledger, peer } from '@hyperledger/fabric-protos';
import { chaincodeEventsOfBlock, stateWritesOfBlock } from '../src/ledger/block-events';

/** An envelope of one transaction of `type` whose chaincode action emitted `event` (if any). */
type Writes = Record<string, { key: string; value: string | null }[]>;

/** The read-write set of a transaction that wrote `writes` (namespace → keys; value null: a delete). */
function readWriteSet(writes: Writes): Uint8Array {
  const set = new ledger.rwset.TxReadWriteSet();
  set.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
  for (const [namespace, kvs] of Object.entries(writes)) {
    const kv = new ledger.rwset.kvrwset.KVRWSet();
    kv.setWritesList(kvs.map(({ key, value }) => {
      const w = new ledger.rwset.kvrwset.KVWrite();
      w.setKey(key);
      if (value === null) w.setIsDelete(true);
      else w.setValue(new TextEncoder().encode(value));
      return w;
    }));
    const ns = new ledger.rwset.NsReadWriteSet();
    ns.setNamespace(namespace);
    ns.setRwset(kv.serializeBinary());
    set.addNsRwset(ns);
  }
  return set.serializeBinary();
}

function envelope(txId: string, type: common.HeaderType, event?: { chaincode: string; name: string; payload: string }, writes?: Writes): Uint8Array {
  const chaincodeAction = new peer.ChaincodeAction();
  if (writes) chaincodeAction.setResults(readWriteSet(writes));
  if (event) {
    const e = new peer.ChaincodeEvent();
    e.setChaincodeId(event.chaincode);
    e.setEventName(event.name);
    e.setPayload(new TextEncoder().encode(event.payload));
    e.setTxId(txId);
    chaincodeAction.setEvents(e.serializeBinary());
  }
  const responsePayload = new peer.ProposalResponsePayload();
  responsePayload.setExtension$(chaincodeAction.serializeBinary());
  const endorsedAction = new peer.ChaincodeEndorsedAction();
  endorsedAction.setProposalResponsePayload(responsePayload.serializeBinary());
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setAction(endorsedAction);
  const action = new peer.TransactionAction();
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.addActions(action);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(type);
  channelHeader.setTxId(txId);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(transaction.serializeBinary());
  const env = new common.Envelope();
  env.setPayload(payload.serializeBinary());
  return env.serializeBinary();
}

function block(number: number, transactions: { envelope: Uint8Array; valid: boolean }[]): common.Block {
  const b = new common.Block();
  const header = new common.BlockHeader();
  header.setNumber(number);
  b.setHeader(header);
  const data = new common.BlockData();
  data.setDataList(transactions.map((t) => t.envelope));
  b.setData(data);
  const metadata = new common.BlockMetadata();
  const list: Uint8Array[] = [new Uint8Array(), new Uint8Array(), new Uint8Array(), new Uint8Array(), new Uint8Array()];
  list[common.BlockMetadataIndex.TRANSACTIONS_FILTER] = Uint8Array.from(transactions.map((t) => (t.valid ? peer.TxValidationCode.VALID : peer.TxValidationCode.MVCC_READ_CONFLICT)));
  metadata.setMetadataList(list);
  b.setMetadata(metadata);
  return b;
}

describe('chaincodeEventsOfBlock', () => {
  it('gives the events of the chaincode from valid endorser transactions only, in block order', () => {
    const b = block(42, [
      { envelope: envelope('tx1', common.HeaderType.ENDORSER_TRANSACTION, { chaincode: 'vanbang', name: 'DiplomaIssued', payload: '{"a":1}' }), valid: true },
      { envelope: envelope('tx2', common.HeaderType.ENDORSER_TRANSACTION, { chaincode: 'vanbang', name: 'DiplomaRevoked', payload: '{}' }), valid: false },
      { envelope: envelope('tx3', common.HeaderType.ENDORSER_TRANSACTION, { chaincode: 'other', name: 'X', payload: '{}' }), valid: true },
      { envelope: envelope('tx4', common.HeaderType.ENDORSER_TRANSACTION), valid: true },
      { envelope: envelope('tx5', common.HeaderType.CONFIG, { chaincode: 'vanbang', name: 'Forged', payload: '{}' }), valid: true },
      { envelope: envelope('tx6', common.HeaderType.ENDORSER_TRANSACTION, { chaincode: 'vanbang', name: 'DiplomaCorrected', payload: '{"b":2}' }), valid: true },
    ]);
    const events = chaincodeEventsOfBlock(b, 'vanbang');
    expect(events.map((e) => [e.transactionId, e.eventName, new TextDecoder().decode(e.payload), e.blockNumber])).toEqual([
      ['tx1', 'DiplomaIssued', '{"a":1}', 42n],
      ['tx6', 'DiplomaCorrected', '{"b":2}', 42n],
    ]);
  });

  it('finds nothing in a block without transactions of the chaincode', () => {
    expect(chaincodeEventsOfBlock(block(7, []), 'vanbang')).toEqual([]);
  });
});

describe('stateWritesOfBlock', () => {
  it("gives the chaincode namespace's writes and deletes of valid endorser transactions, in commit order", () => {
    const b = block(9, [
      { envelope: envelope('tx1', common.HeaderType.ENDORSER_TRANSACTION, undefined, { vanbang: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }], _lifecycle: [{ key: 'x', value: 'y' }] }), valid: true },
      { envelope: envelope('tx2', common.HeaderType.ENDORSER_TRANSACTION, undefined, { vanbang: [{ key: 'a', value: 'lost' }] }), valid: false },
      { envelope: envelope('tx3', common.HeaderType.ENDORSER_TRANSACTION, undefined, { vanbang: [{ key: 'a', value: '3' }, { key: 'b', value: null }] }), valid: true },
      { envelope: envelope('tx4', common.HeaderType.ENDORSER_TRANSACTION), valid: true },
    ]);
    const decode = (v: Uint8Array | null) => (v === null ? null : new TextDecoder().decode(v));
    expect(stateWritesOfBlock(b, 'vanbang').map((w) => [w.key, decode(w.value)])).toEqual([['a', '1'], ['b', '2'], ['a', '3'], ['b', null]]);
  });
});
