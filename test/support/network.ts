// The isolated network the integration tests run against: its own home (var/test-network) and
// ports shifted by +10000, so a developer's running network (var/, ports 7xxx) is untouched.
import path from 'node:path';
import { connectionProfilePath, networkContext, readConnectionProfile, REPO_ROOT, type ConnectionProfile, type NetworkContext } from '../../network/src';

export const TEST_HOME = process.env.VANBANG_TEST_HOME ?? path.join(REPO_ROOT, 'var', 'test-network');
export const TEST_PORT_SHIFT = Number(process.env.VANBANG_TEST_PORT_SHIFT ?? 10000);

export function testContext(): NetworkContext {
  return networkContext({ home: TEST_HOME, portShift: TEST_PORT_SHIFT });
}

export function testProfile(): ConnectionProfile {
  return readConnectionProfile(connectionProfilePath(testContext().home));
}

/** A MongoDB URI on the test network's FerretDB (or MONGODB_URI), with its own database name. */
export function testDatabaseUri(dbName: string): string {
  const base = process.env.MONGODB_URI ?? `mongodb://127.0.0.1:${testContext().topology.services.database.port}/`;
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  return url.toString();
}
