import { status } from '@grpc/grpc-js';
import { isTransientLedgerFailure, retryTransient } from '../src/ledger/transient-retry';

const fabricError = (code: number, message: string, details: string[] = []) => Object.assign(new Error(message), { code, details: details.map((m) => ({ message: m })) });

test.each([
  ['our peer is down', fabricError(status.UNAVAILABLE, '14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7100'), true],
  ['the connection dropped as the peer stopped', fabricError(status.UNAVAILABLE, '14 UNAVAILABLE: Connection dropped'), true],
  ['no orderer could take it (Raft electing)', fabricError(status.UNAVAILABLE, 'no orderers could successfully process transaction', ['received unsuccessful response from orderer: status=SERVICE_UNAVAILABLE, info=no Raft leader']), true],
  ['an endorser it chose is down', fabricError(status.ABORTED, 'failed to collect enough transaction endorsements', ['rpc error: code = Unavailable desc = connection error: dial tcp 127.0.0.1:7200: connect: connection refused']), true],
  ['a restarted peer not back in gossip yet', fabricError(status.FAILED_PRECONDITION, 'no combination of peers can be derived which satisfy the endorsement policy'), true],
  ['a chaincode rejection', fabricError(status.ABORTED, 'failed to endorse transaction', ['chaincode response 500, [HASH_CONFLICT] already issued']), false],
  ['a chaincode rejection carried as unavailable', fabricError(status.UNAVAILABLE, 'x', ['[DIPLOMA_NOT_FOUND] no such diploma']), false],
  ['a refused identity', fabricError(status.ABORTED, 'failed to endorse transaction', ['access denied: channel [vanbang] creator org [MinistryMSP]']), false],
  ['a deadline', fabricError(status.DEADLINE_EXCEEDED, 'Deadline exceeded'), false],
  ['another precondition', fabricError(status.FAILED_PRECONDITION, 'chaincode definition for vanbang not found'), false],
])('%s: transient = %s', (_what, err, transient) => {
  expect(isTransientLedgerFailure(err)).toBe(transient);
});

test('retries a transient failure until it passes, gives up at once on anything else or when told to', async () => {
  let calls = 0;
  await expect(retryTransient(async () => {
    if (++calls < 3) throw fabricError(status.UNAVAILABLE, 'down');
    return 'ok';
  }, { delayMs: () => 1 })).resolves.toBe('ok');
  expect(calls).toBe(3);

  calls = 0;
  await expect(retryTransient(async () => {
    calls++;
    throw fabricError(status.ABORTED, 'x', ['[HASH_CONFLICT] y']);
  }, { delayMs: () => 1 })).rejects.toThrow('x');
  expect(calls).toBe(1);

  calls = 0;
  await expect(retryTransient(async () => {
    calls++;
    throw fabricError(status.UNAVAILABLE, 'whole ledger down');
  }, { delayMs: () => 1, giveUp: async () => true })).rejects.toThrow('whole ledger down');
  expect(calls).toBe(1);

  await expect(retryTransient(async () => {
    throw fabricError(status.UNAVAILABLE, 'for good');
  }, { delayMs: () => 5, budgetMs: 30 })).rejects.toThrow('for good');
});
