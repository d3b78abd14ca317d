import { skipDisabledLogLevels } from '../src/shim-logging';

it('drops disabled log levels before winston formats them, and still prints enabled ones', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getLogger } = require('fabric-shim/lib/logger') as { getLogger(name: string): { level: string; debug(...a: unknown[]): void; warn(...a: unknown[]): void; format: { transform(info: unknown): unknown } } };
  const logger = getLogger('vanbang-test');
  logger.level = 'info';
  const seen: unknown[] = [];
  const transform = logger.format.transform.bind(logger.format);
  logger.format.transform = (info: unknown) => (seen.push(info), transform(info));
  expect(skipDisabledLogLevels()).toBe(true);
  expect(skipDisabledLogLevels()).toBe(true); // idempotent
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const consoleLog = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    logger.debug('not formatted', { big: 'x'.repeat(1000) });
    logger.debug('nor this');
    logger.debug('%s nor this %s', 'a', 'b');
    expect(seen).toHaveLength(0);
    logger.warn('formatted');
    expect(seen).toHaveLength(1);
  } finally {
    write.mockRestore();
    consoleLog.mockRestore();
    consoleWarn.mockRestore();
  }
});
