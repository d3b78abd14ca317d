// Gateway configuration from the environment, checked once at start-up.
import path from 'node:path';

export interface GatewayConfig {
  port: number;
  host: string;
  home: string;
  connectionProfile: string;
  mongodbUri: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT must be a port number (got ${env.PORT})`);
  const home = path.resolve(env.VANBANG_HOME ?? path.join(__dirname, '..', '..', 'var'));
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    home,
    connectionProfile: env.VANBANG_CONNECTION_PROFILE ?? path.join(home, 'network', 'connection.json'),
    mongodbUri: env.MONGODB_URI ?? 'mongodb://127.0.0.1:7017/vanbang',
  };
}
