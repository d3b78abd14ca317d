/**
 * Cheap disabled log levels for the Fabric libraries.
 *
 * fabric-shim and fabric-contract-api log through winston 3, which runs every message through its
 * format chain (timestamp, metadata, colorize, padding, printf with JSON of the arguments) and only
 * then lets the transport drop it by level. The shim logs several debug lines per peer round trip
 * (and the node shim reads CORE_CHAINCODE_LOGGING_LEVEL, not CORE_CHAINCODE_LOGGING_SHIM), so
 * with thousands of round trips per cohort that formatting is a measurable share of the CPU.
 *
 * This drops a message before formatting when no transport of its logger would print it
 * (winston's own isLevelEnabled), so what gets printed does not change. It patches the winston
 * instance the shim itself loads; the chaincode process hosts nothing else.
 */
import { dirname } from 'node:path';

const PATCHED = Symbol.for('vanbang.winston.levelFilter');
const LEVEL = Symbol.for('level');

interface WinstonLoggerProto {
  write(chunk: unknown, ...rest: unknown[]): boolean;
  log(level: unknown, ...rest: unknown[]): unknown;
  isLevelEnabled(level: string): boolean;
  [PATCHED]?: boolean;
}

export function skipDisabledLogLevels(): boolean {
  let winston: { Logger?: { prototype: WinstonLoggerProto } };
  try {
    const shimDir = dirname(require.resolve('fabric-shim/package.json'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    winston = require(require.resolve('winston', { paths: [shimDir] })) as typeof winston;
  } catch {
    return false; // no winston next to the shim: nothing to do
  }
  const proto = winston.Logger?.prototype;
  if (!proto || typeof proto.write !== 'function' || typeof proto.log !== 'function' || typeof proto.isLevelEnabled !== 'function') return false;
  if (proto[PATCHED]) return true;
  // log(level, message, ...args), which logger.debug(a, b) calls, interpolates before writing.
  const log = proto.log;
  proto.log = function (this: WinstonLoggerProto, level: unknown, ...rest: unknown[]): unknown {
    if (typeof level === 'string' && rest.length > 0 && !this.isLevelEnabled(level)) return this;
    return log.call(this, level, ...rest);
  };
  const write = proto.write;
  proto.write = function (this: WinstonLoggerProto, chunk: unknown, ...rest: unknown[]): boolean {
    const level = chunk !== null && typeof chunk === 'object' ? (chunk as Record<symbol, unknown>)[LEVEL] : undefined;
    if (typeof level === 'string' && !this.isLevelEnabled(level)) return true;
    return write.call(this, chunk, ...rest);
  };
  proto[PATCHED] = true;
  return true;
}
