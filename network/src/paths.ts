// Where everything lives. The repository root holds the code; VANBANG_HOME (default <repo>/var)
// holds all runtime state: generated crypto, ledgers, logs, PID files. An isolated test network
// simply uses another home and a port shift.
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const TOOLS_DIR = path.join(REPO_ROOT, '.tools');
export const TOOLS_BIN = path.join(TOOLS_DIR, 'bin');
export const TOPOLOGY_FILE = path.join(REPO_ROOT, 'network', 'topology.yaml');
export const BUILDERS_DIR = path.join(REPO_ROOT, 'network', 'builders');
export const CHAINCODE_DIR = path.join(REPO_ROOT, 'chaincode');

export interface Home {
  root: string;
  network: string;
  logs: string;
  run: string;
  ferretdb: string;
}

export function homeAt(root: string): Home {
  return {
    root,
    network: path.join(root, 'network'),
    logs: path.join(root, 'logs'),
    run: path.join(root, 'run'),
    ferretdb: path.join(root, 'ferretdb'),
  };
}

export function defaultHome(): Home {
  return homeAt(path.resolve(process.env.VANBANG_HOME ?? path.join(REPO_ROOT, 'var')));
}

/** Folder layout for one organization's generated material. */
export function orgPaths(home: Home, org: string) {
  const base = path.join(home.network, 'orgs', org);
  return {
    base,
    caHome: path.join(home.network, 'ca', org),
    registrar: path.join(base, 'registrar'),
    msp: path.join(base, 'msp'),
    peer: path.join(base, 'peer'),
    orderer: path.join(base, 'orderer'),
    users: path.join(base, 'users'),
    user: (name: string) => path.join(base, 'users', name),
    peerConfig: path.join(home.network, 'config', `peer-${org}`),
    ordererConfig: path.join(home.network, 'config', `orderer-${org}`),
    peerData: path.join(home.network, 'data', `peer-${org}`),
    ordererData: path.join(home.network, 'data', `orderer-${org}`),
    chaincode: path.join(home.network, 'chaincode', org),
  };
}
