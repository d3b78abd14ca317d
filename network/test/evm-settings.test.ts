// The embedded EVM chain's settings: its command line, its ports (shifted like every other, no
// listener on a fixed default port), the topology checks, chain.json and the key files.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { parseEther } from 'ethers';
import {
  ANCHORER_FUNDING,
  chainInfoProblem,
  ChainInfoError,
  ChainKeyError,
  checkTopology,
  ensureKeyFile,
  EVM_CHAIN_PROCESS,
  evmChainProcess,
  evmPaths,
  gethArgs,
  homeAt,
  loadTopology,
  readChainInfo,
  readKeyFile,
  TOPOLOGY_FILE,
  TopologyError,
  topUps,
  writeChainInfo,
  type ChainInfo,
} from '../src';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw YAML structures on purpose */
const raw = () => parse(readFileSync(TOPOLOGY_FILE, 'utf8'));
const made: string[] = [];
const tmpHome = () => {
  made.push(mkdtempSync(path.join(os.tmpdir(), 'vanbang-evm-settings-')));
  return homeAt(made[made.length - 1]);
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Every `--flag=value` of a command line as a map. */
function flags(args: string[]): Map<string, string> {
  return new Map(args.map((a) => {
    const [k, ...v] = a.split('=');
    return [k, v.join('=')];
  }));
}

describe('the geth command line', () => {
  const home = homeAt('/srv/vanbang');
  const t = loadTopology(TOPOLOGY_FILE);
  const f = flags(gethArgs(home, t.services.evmChain));

  it('dev mode with its data under <home>/evm/geth and a block every blockPeriod seconds', () => {
    expect(f.has('--dev')).toBe(true);
    expect(f.get('--datadir')).toBe('/srv/vanbang/evm/geth');
    expect(f.get('--dev.period')).toBe(String(t.services.evmChain.blockPeriod));
    expect(t.services.evmChain.blockPeriod).toBe(2);
  });

  it('the settings that survive a kill -9: LevelDB, the hash scheme, archive mode', () => {
    expect(f.get('--db.engine')).toBe('leveldb');
    expect(f.get('--state.scheme')).toBe('hash');
    expect(f.get('--gcmode')).toBe('archive');
  });

  it('JSON-RPC over HTTP on loopback, eth/net/web3 only, at the topology port', () => {
    expect(f.get('--http.addr')).toBe('127.0.0.1');
    expect(f.get('--http.port')).toBe('7545');
    expect(f.get('--http.api')).toBe('eth,net,web3');
    expect(f.get('--authrpc.addr')).toBe('127.0.0.1');
    expect(f.get('--authrpc.port')).toBe('7546');
  });

  it('no IPC, no peers, no discovery, no NAT probing; no WebSocket, metrics or pprof server', () => {
    for (const flag of ['--ipcdisable', '--nodiscover']) expect(f.has(flag)).toBe(true);
    expect(f.get('--maxpeers')).toBe('0');
    expect(f.get('--nat')).toBe('none');
    for (const flag of ['--ws', '--metrics', '--pprof', '--graphql', '--http.corsdomain']) expect(f.has(flag)).toBe(false);
  });

  it('no fixed default port anywhere on the command line (8545, 8546, 8551, 30303, 6060)', () => {
    const numbers = gethArgs(home, loadTopology(TOPOLOGY_FILE, 14700).services.evmChain).join(' ').match(/\b\d{4,5}\b/g) ?? [];
    for (const p of ['8545', '8546', '8551', '30303', '6060']) expect(numbers).not.toContain(p);
  });

  it('moves with VANBANG_PORT_SHIFT, and the process spec checks both ports before it starts', () => {
    const shifted = loadTopology(TOPOLOGY_FILE, 14700);
    expect(shifted.services.evmChain).toEqual({ port: 7545 + 14700, authPort: 7546 + 14700, blockPeriod: 2 });
    const spec = evmChainProcess(home, shifted.services.evmChain);
    expect(spec.name).toBe(EVM_CHAIN_PROCESS);
    expect(spec.command).toMatch(/\.tools\/bin\/geth$/);
    expect(spec.ports.map((p) => [p.host, p.port])).toEqual([['127.0.0.1', 22245], ['127.0.0.1', 22246]]);
    const sf = flags(spec.args);
    expect([sf.get('--http.port'), sf.get('--authrpc.port')]).toEqual(['22245', '22246']);
  });
});

describe('services.evmChain in the topology', () => {
  it('defaults when a topology has none (older topology files load unchanged)', () => {
    const t = raw();
    delete t.services.evmChain;
    expect(checkTopology(t).services.evmChain).toEqual({ port: 7545, authPort: 7546, blockPeriod: 2 });
  });

  it('takes a block period of its own', () => {
    const t = raw();
    t.services.evmChain = { port: 7545, authPort: 7546, blockPeriod: 12 };
    expect(checkTopology(t).services.evmChain.blockPeriod).toBe(12);
  });

  test.each([
    ['a port another service uses', (t: any) => { t.services.evmChain.port = t.services.gateway.port; }, /port 3000 is used by both services.gateway and services.evmChain.port/],
    ['the engine port on a peer port', (t: any) => { t.services.evmChain.authPort = 7100; }, /port 7100 is used by both services.evmChain.authPort and Ministry.peer/],
    ['a block period of 0 (geth would mine only with traffic: confirmations never come)', (t: any) => { t.services.evmChain.blockPeriod = 0; }, /blockPeriod` must be a whole number of seconds/],
    ['a fractional block period', (t: any) => { t.services.evmChain.blockPeriod = 0.5; }, /blockPeriod/],
    ['a port out of range', (t: any) => { t.services.evmChain.port = 70000; }, /services.evmChain.port` must be a port number/],
    ['an unknown setting', (t: any) => { t.services.evmChain.wsPort = 7547; }, /services.evmChain.wsPort is not a setting/],
    ['not a mapping', (t: any) => { t.services.evmChain = 7545; }, /`services.evmChain` must be a mapping/],
  ])('rejects %s', (_what, mutate, message) => {
    const t = raw();
    mutate(t);
    expect(() => checkTopology(t)).toThrow(TopologyError);
    expect(() => checkTopology(t)).toThrow(message);
  });

  it('refuses a shift that puts one of its ports in the kernel ephemeral range', () => {
    let low = 32768;
    try {
      low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    } catch {
      /* not Linux: the topology's default */
    }
    // authPort (7546) is the highest port of the topology: shifted onto the range's start, only it is in.
    expect(() => loadTopology(TOPOLOGY_FILE, low - 7546)).toThrow(new RegExp(`port ${low} \\(services.evmChain.authPort\\) is in the kernel's ephemeral port range`));
  });
});

describe('chain.json', () => {
  const info = (home: string): ChainInfo => ({
    embedded: true,
    rpcUrl: 'http://127.0.0.1:7545',
    chainId: 1337,
    contract: '0x4014c135495fe5B0C8e318351f7eb72fbc5D5f76',
    deployedAtBlock: 3,
    deploymentTx: `0x${'ab'.repeat(32)}`,
    anchorer: '0x5FF9ef9675B10A8fFA30a068Cdcd11a6184F6308',
    anchorerKeyFile: path.join(home, 'anchoring', 'anchorer.key'),
    governance: '0x608b8D2da80382f3e1084747c8462c37EFf3751F',
  });

  it('absent: undefined; written: read back as written, at <home>/anchoring/chain.json', () => {
    const home = tmpHome();
    expect(readChainInfo(home)).toBeUndefined();
    writeChainInfo(home, info(home.root));
    expect(evmPaths(home).chainInfoFile).toBe(path.join(home.root, 'anchoring', 'chain.json'));
    expect(readChainInfo(home)).toEqual(info(home.root));
  });

  it('a broken file is an error naming it, not a deployment', () => {
    const home = tmpHome();
    writeChainInfo(home, info(home.root));
    writeFileSync(evmPaths(home).chainInfoFile, '{"embedded": true');
    expect(() => readChainInfo(home)).toThrow(ChainInfoError);
    writeFileSync(evmPaths(home).chainInfoFile, JSON.stringify({ ...info(home.root), contract: '0x12' }));
    expect(() => readChainInfo(home)).toThrow(/chain.json: `contract` must be an address/);
  });

  test.each([
    ['embedded', false, /embedded/],
    ['chainId', 0, /chainId/],
    ['deployedAtBlock', -1, /deployedAtBlock/],
    ['deploymentTx', '0x12', /deploymentTx/],
    ['anchorerKeyFile', 'anchoring/anchorer.key', /absolute path/],
    ['rpcUrl', 'ftp://x', /rpcUrl/],
  ])('names a bad %s', (key, value, message) => {
    expect(chainInfoProblem({ ...info('/h'), [key]: value })).toMatch(message);
    expect(chainInfoProblem(info('/h'))).toBeUndefined();
  });
});

describe('the key files', () => {
  it('made once, mode 0600, 0x and 64 hex digits; never replaced', () => {
    const file = path.join(tmpHome().root, 'anchoring', 'anchorer.key');
    expect(ensureKeyFile(file)).toBe(true);
    const key = readFileSync(file, 'utf8');
    expect(key).toMatch(/^0x[0-9a-f]{64}\n$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(ensureKeyFile(file)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(key);
  });

  it('refuses a file that holds no key, naming it', () => {
    const file = path.join(tmpHome().root, 'bad.key');
    writeFileSync(file, 'not a key\n');
    expect(() => readKeyFile(file)).toThrow(ChainKeyError);
    expect(() => ensureKeyFile(file)).toThrow(/bad.key must hold one private key/);
    writeFileSync(file, '0'.repeat(64));
    expect(() => readKeyFile(file)).toThrow(/not hold a valid secp256k1 private key/);
  });
});

describe('topping up', () => {
  it('brings an account below its threshold up to the target, and leaves the others alone', () => {
    const low = parseEther('9.5');
    expect(topUps([
      { address: '0xA', balance: low, rule: ANCHORER_FUNDING },
      { address: '0xB', balance: ANCHORER_FUNDING.threshold, rule: ANCHORER_FUNDING },
    ])).toEqual([{ to: '0xA', value: ANCHORER_FUNDING.target - low }]);
  });
});
