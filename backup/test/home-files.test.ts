// Which files of VANBANG_HOME a backup holds: crypto, configuration and CA databases in; ledgers,
// the status index, logs, PID files, SQLite side files and the master key out.
import { isBackedUp, isCaDatabase } from '../src/files/home-files';

test.each([
  ['network/orgs/Ministry/peer/msp/keystore/key.pem', true],
  ['network/ca/Ministry/msp/keystore/abc_sk', true],
  ['network/ca/Ministry/fabric-ca-server.db', true],
  ['network/channel/vanbang.block', true],
  ['network/connection.json', true],
  ['anchoring/anchorer.key', true],
  ['anchoring/chain.json', true],
  ['evm/geth/geth/chaindata/000001.ldb', false],
  ['network/chaincode/Ministry/deployment.json', true],
  ['gateway/lookup-challenge.key', true],
  ['demo-credentials.json', true],
  ['gateway/master.key', false],
  ['gateway/status-index/data.mdb', false],
  ['network/data/peer-Ministry/ledgersData/chains/chains/vanbang/blockfile_000000', false],
  ['network/data/orderer-Ministry/etcdraft/wal/vanbang/0000000000000000-0000000000000000.wal', false],
  ['network/ca/Ministry/fabric-ca-server.db-journal', false],
  ['ferretdb/vanbang.sqlite', false],
  ['replica/vanbang/ltx/0/0000000000000001-0000000000000001.ltx', false],
  ['logs/gateway.log', false],
  ['run/gateway.pid', false],
])('%s → %s', (rel, expected) => {
  expect(isBackedUp(rel)).toBe(expected);
});

test('CA databases are recognised (copied with a read transaction, not as bytes)', () => {
  expect(isCaDatabase('network/ca/HanoiDoET/fabric-ca-server.db')).toBe(true);
  expect(isCaDatabase('network/orgs/HanoiDoET/fabric-ca-server.db')).toBe(false);
});
