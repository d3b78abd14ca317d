// Stops every process of the isolated test network (by PID file). Its data stays under
// var/test-network for inspection until the next run resets it.
import { networkDown } from '../../network/src';
import { testContext } from '../support/network';

export default async function globalTeardown(): Promise<void> {
  if (process.env.VANBANG_KEEP_TEST_NETWORK) return;
  await networkDown(testContext(), () => {});
}
