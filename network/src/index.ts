// Public API of @vanbang/network: used by the command-line scripts, the HTTP gateway and tests.
export * from './topology';
export * from './paths';
export * from './processes';
export * from './health';
export * from './tools';
export * from './network';
export * from './connection-profile';
export * from './fabric-client';
export * from './ferretdb';
export * from './chaincode';
export { peerCli, peerCliEnv, peerTls } from './peer';
export { ordererChannelInfo, ordererProcessName } from './orderer';
export { chaincodeEndorsementPolicy } from './configtx';
export { startOrderer } from './orderer';
export { startPeer } from './peer';
export { buildConfigtx } from './configtx';
