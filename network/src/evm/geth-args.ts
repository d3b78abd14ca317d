// The geth command line of the embedded chain. Each choice below was checked on geth v1.17.10
// (docs/decisions/0004): a kill -9 loses nothing only with LevelDB, the hash state scheme and
// archive mode together.
import { binary } from '../tools';
import type { Home } from '../paths';
import type { ProcessSpec } from '../processes';
import type { EvmChainSpec } from '../topology';
import { evmPaths } from './evm-paths';

export const EVM_CHAIN_PROCESS = 'evm-chain';

/** Database cache in MB: geth's default (4096) made a dev chain's RSS 880 MB; 128 keeps it near 140 MB. */
export const GETH_CACHE_MB = 128;

/** Per-block INFO lines (4 a block, about 26 MB of log a day at a 2 s period) muted; warnings stay. */
const QUIET_PER_BLOCK = 'miner=2,core/blockchain_insert.go=2,core/blockchain.go=2';

export function evmRpcUrl(spec: EvmChainSpec): string {
  return `http://127.0.0.1:${spec.port}`;
}

export function gethArgs(home: Home, spec: EvmChainSpec): string[] {
  return [
    // A single-node proof-of-stake chain with a simulated beacon, chain id 1337, a pre-funded
    // developer account unlocked in its keystore; a block every `blockPeriod` seconds, empty or not.
    '--dev',
    `--dev.period=${spec.blockPeriod}`,
    `--datadir=${evmPaths(home).gethDataDir}`,
    // Crash safety. Pebble (the default) keeps the write-ahead log's last partial block in memory
    // until it fills: a kill -9 lost the last 4 blocks, mined transactions included. LevelDB
    // writes every batch through to the file. The path scheme (the default) keeps the newest
    // state in memory: after a kill -9 geth rewound to the genesis block. The hash scheme in
    // archive mode writes every block's state as it is imported.
    '--db.engine=leveldb',
    '--state.scheme=hash',
    '--gcmode=archive',
    `--cache=${GETH_CACHE_MB}`,
    // JSON-RPC over HTTP on loopback only; eth_sendTransaction from the unlocked dev account is
    // part of `eth` (the deployment funds its keys with it).
    '--http',
    '--http.addr=127.0.0.1',
    `--http.port=${spec.port}`,
    '--http.api=eth,net,web3',
    // No other listener on a fixed default port: no IPC socket, no peers (dev mode also sets no
    // p2p listen address), no NAT probing; WebSocket, metrics and pprof are off unless asked for.
    '--ipcdisable',
    '--nodiscover',
    '--maxpeers=0',
    '--nat=none',
    '--authrpc.addr=127.0.0.1',
    `--authrpc.port=${spec.authPort}`,
    '--verbosity=3',
    `--log.vmodule=${QUIET_PER_BLOCK}`,
  ];
}

export function evmChainProcess(home: Home, spec: EvmChainSpec): ProcessSpec {
  return {
    name: EVM_CHAIN_PROCESS,
    command: binary('geth'),
    args: gethArgs(home, spec),
    ports: [
      { host: '127.0.0.1', port: spec.port, what: 'EVM chain JSON-RPC' },
      { host: '127.0.0.1', port: spec.authPort, what: 'EVM chain engine API (unused in dev mode)' },
    ],
  };
}
