// fabric-contract-api logs every decorator at INFO; tests only want warnings. Must be imported
// before any contract module, so the harness imports it first.
process.env.CORE_CHAINCODE_LOGGING_LEVEL = process.env.CORE_CHAINCODE_LOGGING_LEVEL ?? 'WARNING';
export {};
