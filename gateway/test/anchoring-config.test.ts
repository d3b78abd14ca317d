import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { anchoringSettings, chainFilePath } from '../src/anchoring/anchoring-config';
import { classifyEvmError } from '../src/anchoring/evm-registry';

let home: string;
beforeEach(() => { home = mkdtempSync(path.join(os.tmpdir(), 'anchoring-config-')); });
afterEach(() => rmSync(home, { recursive: true, force: true }));

const contract = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

function writeChainFile(content: unknown): void {
  mkdirSync(path.dirname(chainFilePath(home)), { recursive: true });
  writeFileSync(chainFilePath(home), typeof content === 'string' ? content : JSON.stringify(content));
}

describe('anchoringSettings', () => {
  it('is off, saying why, with neither a chain file nor VANBANG_EVM_RPC_URL', () => {
    expect(anchoringSettings(home, {})).toEqual({ enabled: false, reason: expect.stringContaining('chain.json is absent') });
  });

  it('is off when VANBANG_ANCHORING=off, whatever else is set', () => {
    writeChainFile({ rpcUrl: 'http://127.0.0.1:7545', contract, anchorerKeyFile: 'anchorer.key' });
    expect(anchoringSettings(home, { VANBANG_ANCHORING: 'off' })).toEqual({ enabled: false, reason: 'VANBANG_ANCHORING=off' });
  });

  it('reads the embedded chain from chain.json, the key file relative to it, with the default schedule', () => {
    writeChainFile({ rpcUrl: 'http://127.0.0.1:7545', chainId: 1337, contract, anchorerKeyFile: 'anchorer.key', deployedAtBlock: 3 });
    expect(anchoringSettings(home, {})).toEqual({
      enabled: true,
      chain: { source: 'embedded', rpcUrl: 'http://127.0.0.1:7545', chainId: 1337, contract, keyFile: path.join(home, 'anchoring', 'anchorer.key'), fromBlock: 3 },
      schedule: { everyBlocks: 500, everyMs: 60_000, confirmations: 2, pollMs: 2000 },
    });
  });

  it('prefers VANBANG_EVM_RPC_URL with its key file and contract, and the schedule settings', () => {
    writeChainFile({ rpcUrl: 'http://127.0.0.1:7545', contract, anchorerKeyFile: 'anchorer.key' });
    const s = anchoringSettings(home, {
      VANBANG_EVM_RPC_URL: 'https://rpc.example.org', VANBANG_EVM_CONTRACT: contract, VANBANG_EVM_KEY_FILE: '/keys/a.key', VANBANG_EVM_CHAIN_ID: '11155111',
      VANBANG_ANCHOR_EVERY_BLOCKS: '10', VANBANG_ANCHOR_EVERY_SECONDS: '3600', VANBANG_ANCHOR_CONFIRMATIONS: '12',
    });
    expect(s).toEqual({
      enabled: true,
      chain: { source: 'configured', rpcUrl: 'https://rpc.example.org', chainId: 11155111, contract, keyFile: '/keys/a.key', fromBlock: 0 },
      schedule: { everyBlocks: 10, everyMs: 3_600_000, confirmations: 12, pollMs: 2000 },
    });
  });

  it.each([
    [{ VANBANG_EVM_RPC_URL: 'rpc.example.org', VANBANG_EVM_CONTRACT: contract, VANBANG_EVM_KEY_FILE: 'k' }, /VANBANG_EVM_RPC_URL must be an http\(s\) or ws\(s\) URL/],
    [{ VANBANG_EVM_RPC_URL: 'http://x', VANBANG_EVM_CONTRACT: '0x12', VANBANG_EVM_KEY_FILE: 'k' }, /VANBANG_EVM_CONTRACT must be the registry's address/],
    [{ VANBANG_EVM_RPC_URL: 'http://x', VANBANG_EVM_CONTRACT: contract }, /VANBANG_EVM_KEY_FILE must name the file/],
    [{ VANBANG_ANCHOR_EVERY_SECONDS: '0' }, /VANBANG_ANCHOR_EVERY_SECONDS must be a whole number ≥ 1 \(got 0\)/],
    [{ VANBANG_ANCHOR_CONFIRMATIONS: 'two' }, /VANBANG_ANCHOR_CONFIRMATIONS must be a whole number ≥ 1 \(got two\)/],
  ])('refuses a bad setting with a message naming it: %j', (env, message) => {
    expect(() => anchoringSettings(home, env)).toThrow(message);
  });

  it('refuses a chain file that is not JSON or lacks the contract', () => {
    writeChainFile('{"rpcUrl":');
    expect(() => anchoringSettings(home, {})).toThrow(/chain\.json is not valid JSON/);
    writeChainFile({ rpcUrl: 'http://127.0.0.1:7545', anchorerKeyFile: 'a' });
    expect(() => anchoringSettings(home, {})).toThrow(/must name rpcUrl, contract \(an EVM address\) and anchorerKeyFile/);
  });
});

describe('classifyEvmError', () => {
  it('tells an unreachable node, a key without funds and a refusal apart', () => {
    expect(classifyEvmError('anchor', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7545'), {})).reason).toBe('unreachable');
    expect(classifyEvmError('anchor', { code: 'INSUFFICIENT_FUNDS', shortMessage: 'insufficient funds for intrinsic transaction cost' })).toMatchObject({
      reason: 'out-of-gas', message: expect.stringContaining('fund it'),
    });
    expect(classifyEvmError('anchor', { code: 'CALL_EXCEPTION', revert: { name: 'PeriodConflict', args: [3n, '0xab'] } })).toMatchObject({
      reason: 'refused', message: 'anchor: the registry refused it: PeriodConflict(3, 0xab)',
    });
  });
});
