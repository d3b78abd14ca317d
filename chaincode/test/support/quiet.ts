// Environment of the contracts under test. Must be imported before any contract module, so the
// harness imports it first.
// fabric-contract-api logs every decorator at INFO; tests only want warnings.
process.env.CORE_CHAINCODE_LOGGING_LEVEL = process.env.CORE_CHAINCODE_LOGGING_LEVEL ?? 'WARNING';
// The harness replays fixed transaction times (2026-07-01 onwards), far from the real clock: the
// endorsement-time clock check (certificates/clock-window.ts) has its own tests.
process.env.VANBANG_TX_CLOCK_WINDOW_SECONDS = process.env.VANBANG_TX_CLOCK_WINDOW_SECONDS ?? '0';
export {};
