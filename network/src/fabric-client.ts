// A thin, explicit connection to a peer's Gateway service through @hyperledger/fabric-gateway,
// as one of the enrolled identities. Used by the HTTP gateway, the seeding step and the tests.
import * as grpc from '@grpc/grpc-js';
import { connect, type Gateway, hash, type Identity, type Signer, signers } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionProfile, IdentityFiles, PeerEndpoint } from './connection-profile';

export function identityFrom(files: IdentityFiles): { identity: Identity; signer: Signer } {
  const identity: Identity = { mspId: files.mspId, credentials: readFileSync(files.certPath) };
  const signer = signers.newPrivateKeySigner(createPrivateKey(readFileSync(files.keyPath)));
  return { identity, signer };
}

export function grpcClientFor(peer: PeerEndpoint): grpc.Client {
  const credentials = grpc.credentials.createSsl(readFileSync(peer.tlsCaPath));
  return new grpc.Client(peer.endpoint, credentials, {
    ...(peer.hostAlias ? { 'grpc.ssl_target_name_override': peer.hostAlias } : {}),
    'grpc.max_receive_message_length': 100 * 1024 * 1024,
    'grpc.max_send_message_length': 100 * 1024 * 1024,
    // A peer restarting (certificate renewal) is back within seconds: reconnect soon after it is,
    // not after gRPC's default backoff of up to 2 minutes.
    'grpc.max_reconnect_backoff_ms': 5_000,
  });
}

export function findIdentity(profile: ConnectionProfile, name: string): IdentityFiles {
  const id = profile.identities.find((i) => i.name === name);
  if (!id) throw new Error(`No identity named ${name} in the connection profile (known: ${profile.identities.map((i) => i.name).join(', ')})`);
  return id;
}

export function peerOf(profile: ConnectionProfile, org: string): PeerEndpoint {
  const peer = profile.peers.find((p) => p.org === org || p.mspId === org);
  if (!peer) throw new Error(`No peer for organization ${org}`);
  return peer;
}

export interface FabricConnection {
  gateway: Gateway;
  client: grpc.Client;
  close(): void;
}

/** Connects as `identityName` to the peer of that identity's organization (or of `viaOrg`). */
export function connectAs(profile: ConnectionProfile, identityName: string, viaOrg?: string): FabricConnection {
  const files = findIdentity(profile, identityName);
  const client = grpcClientFor(peerOf(profile, viaOrg ?? files.org));
  const { identity, signer } = identityFrom(files);
  const gateway = connect({
    client,
    identity,
    signer,
    hash: hash.sha256,
    evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
    endorseOptions: () => ({ deadline: Date.now() + 60_000 }),
    submitOptions: () => ({ deadline: Date.now() + 10_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 120_000 }),
  });
  return {
    gateway,
    client,
    close: () => {
      gateway.close();
      client.close();
    },
  };
}

/** Ledger height of the channel as seen by the peer this connection talks to (qscc GetChainInfo). */
export async function chainHeight(conn: FabricConnection, channel: string): Promise<number> {
  const network = conn.gateway.getNetwork(channel);
  const bytes = await network.getContract('qscc').evaluateTransaction('GetChainInfo', channel);
  return common.BlockchainInfo.deserializeBinary(bytes).getHeight();
}
