// Builds the pinned native binaries (Fabric, Fabric CA, FerretDB, Litestream, geth) from the Go module proxy.
// The pins live in one place: the go.mod/go.sum of each folder under network/tools/. A build is
// cached in .tools/bin and redone only when those files change.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run } from './exec';
import { REPO_ROOT, TOOLS_BIN, TOOLS_DIR } from './paths';

export interface ToolModule {
  /** Folder under network/tools/. */
  dir: string;
  /** The Go module whose version go.mod pins. */
  module: string;
  packages: { binary: string; pkg: string }[];
  cgo: boolean;
  ldflags?: (version: string) => string;
  /** Runs after the binaries are built, in the tool's module folder. */
  afterBuild?: (m: ToolModule) => Promise<void>;
}

export const TOOL_MODULES: ToolModule[] = [
  {
    dir: 'fabric',
    module: 'github.com/hyperledger/fabric',
    cgo: false,
    packages: [
      { binary: 'peer', pkg: 'github.com/hyperledger/fabric/cmd/peer' },
      { binary: 'orderer', pkg: 'github.com/hyperledger/fabric/cmd/orderer' },
      { binary: 'configtxgen', pkg: 'github.com/hyperledger/fabric/cmd/configtxgen' },
      { binary: 'osnadmin', pkg: 'github.com/hyperledger/fabric/cmd/osnadmin' },
      // Decodes, edits and re-encodes channel configuration for configuration updates (CRLs).
      { binary: 'configtxlator', pkg: 'github.com/hyperledger/fabric/cmd/configtxlator' },
    ],
    ldflags: (v) => `-X github.com/hyperledger/fabric/common/metadata.Version=${v}`,
    afterBuild: copySampleConfig,
  },
  {
    dir: 'fabric-ca',
    module: 'github.com/hyperledger/fabric-ca',
    cgo: true, // its SQLite store uses cgo
    packages: [
      { binary: 'fabric-ca-server', pkg: 'github.com/hyperledger/fabric-ca/cmd/fabric-ca-server' },
      { binary: 'fabric-ca-client', pkg: 'github.com/hyperledger/fabric-ca/cmd/fabric-ca-client' },
    ],
  },
  {
    dir: 'ferretdb',
    module: 'github.com/FerretDB/FerretDB',
    cgo: false,
    packages: [{ binary: 'ferretdb', pkg: '.' }],
  },
  {
    // Backups (docs/backup-and-restore.md): Litestream replicates the embedded database's SQLite
    // file continuously; sqlite-snapshot (main.go here) copies a live SQLite database consistently.
    dir: 'sqlite',
    module: 'github.com/benbjohnson/litestream',
    cgo: false,
    packages: [
      { binary: 'litestream', pkg: 'github.com/benbjohnson/litestream/cmd/litestream' },
      { binary: 'sqlite-snapshot', pkg: '.' },
    ],
    ldflags: (v) => `-X main.Version=${v}`,
  },
  {
    // The embedded EVM chain `npm start` runs for anchoring (docs/decisions/0004): geth in dev mode.
    dir: 'evm',
    module: 'github.com/ethereum/go-ethereum',
    cgo: true, // libsecp256k1 and c-kzg-4844 through cgo; without it geth falls back to slower pure-Go code
    packages: [{ binary: 'geth', pkg: 'github.com/ethereum/go-ethereum/cmd/geth' }],
  },
];

/**
 * Toxiproxy, the TCP proxy of multi-host mode (hosts/wan-proxy.ts): built on the first
 * `network up` with VANBANG_HOSTS=netns, not by `npm run tools`.
 */
export const TOXIPROXY_MODULE: ToolModule = {
  dir: 'toxiproxy',
  module: 'github.com/Shopify/toxiproxy/v2',
  cgo: false,
  packages: [{ binary: 'toxiproxy-server', pkg: 'github.com/Shopify/toxiproxy/v2/cmd/server' }],
  ldflags: (v) => `-X github.com/Shopify/toxiproxy/v2.Version=${v}`,
};

// network/tools/sqlite/go.mod names Go 1.26 (Litestream's dependencies need it); evm/ names 1.25.
export const MIN_GO = [1, 26] as const;

/** Fabric's default core.yaml and orderer.yaml, copied out of the module cache at build time. */
export const SAMPLE_CONFIG_DIR = path.join(TOOLS_DIR, 'sampleconfig');

async function copySampleConfig(m: ToolModule): Promise<void> {
  const out = await run('go', ['list', '-m', '-json', m.module], { cwd: moduleDir(m), purpose: `locate ${m.module} in the Go module cache` });
  const dir = (JSON.parse(out) as { Dir?: string }).Dir;
  if (!dir) throw new Error(`${m.module} is not in the Go module cache`);
  mkdirSync(SAMPLE_CONFIG_DIR, { recursive: true });
  for (const f of ['core.yaml', 'orderer.yaml']) {
    writeFileSync(path.join(SAMPLE_CONFIG_DIR, f), readFileSync(path.join(dir, 'sampleconfig', f)));
  }
}

export function binary(name: string): string {
  return path.join(TOOLS_BIN, name);
}

function moduleDir(m: ToolModule): string {
  return path.join(REPO_ROOT, 'network', 'tools', m.dir);
}

/** The version go.mod pins for the tool's module. */
export function pinnedVersion(m: ToolModule): string {
  const gomod = readFileSync(path.join(moduleDir(m), 'go.mod'), 'utf8');
  const re = new RegExp(`^\\s*(?:require\\s+)?${m.module.replace(/[.]/g, '\\.')}\\s+(v\\S+)`, 'm');
  const match = re.exec(gomod);
  if (!match) throw new Error(`network/tools/${m.dir}/go.mod does not require ${m.module}`);
  return match[1];
}

function fingerprint(m: ToolModule): string {
  const dir = moduleDir(m);
  const h = createHash('sha256');
  for (const f of readdirSync(dir).sort()) {
    if (f === 'go.mod' || f === 'go.sum' || f.endsWith('.go')) h.update(f).update(readFileSync(path.join(dir, f)));
  }
  h.update(process.version); // not the Go version: a Go upgrade alone need not rebuild
  return h.digest('hex');
}

function stampFile(m: ToolModule): string {
  return path.join(TOOLS_DIR, 'stamps', `${m.dir}.json`);
}

export function isBuilt(m: ToolModule): boolean {
  if (!m.packages.every((p) => existsSync(binary(p.binary)))) return false;
  try {
    return JSON.parse(readFileSync(stampFile(m), 'utf8')).fingerprint === fingerprint(m);
  } catch {
    return false;
  }
}

export async function checkGo(): Promise<string> {
  let out: string;
  try {
    out = await run('go', ['version'], { purpose: 'check the Go toolchain', timeoutMs: 20_000 });
  } catch {
    throw new Error(`Go ${MIN_GO.join('.')} or newer is needed to build Fabric, Fabric CA, FerretDB, Litestream and geth, and \`go\` was not found on PATH.`);
  }
  const m = /go(\d+)\.(\d+)/.exec(out);
  if (!m || Number(m[1]) < MIN_GO[0] || (Number(m[1]) === MIN_GO[0] && Number(m[2]) < MIN_GO[1])) {
    throw new Error(`Go ${MIN_GO.join('.')} or newer is needed (found: ${out.trim()}).`);
  }
  return out.trim();
}

/** Builds whatever is missing or stale. `log` receives one progress line per binary. */
export async function buildTools(log: (line: string) => void = console.log, modules: ToolModule[] = TOOL_MODULES): Promise<void> {
  const pending = modules.filter((m) => !isBuilt(m));
  if (pending.length === 0) return;
  await checkGo();
  mkdirSync(TOOLS_BIN, { recursive: true });
  mkdirSync(path.dirname(stampFile(pending[0])), { recursive: true });
  for (const m of pending) {
    const version = pinnedVersion(m);
    for (const p of m.packages) {
      const started = Date.now();
      log(`  building ${p.binary} (${m.module} ${version}) ...`);
      const args = ['build', '-trimpath', '-o', binary(p.binary)];
      if (m.ldflags) args.push('-ldflags', m.ldflags(version));
      args.push(p.pkg);
      await run('go', args, {
        cwd: moduleDir(m),
        env: { CGO_ENABLED: m.cgo ? '1' : '0', GOFLAGS: '-buildvcs=false -mod=readonly' },
        purpose: `build ${p.binary} from ${m.module}@${version} (is the Go module proxy reachable?)`,
        timeoutMs: 30 * 60_000,
      });
      log(`  built ${p.binary} in ${Math.round((Date.now() - started) / 1000)} s`);
    }
    if (m.afterBuild) await m.afterBuild(m);
    writeFileSync(stampFile(m), JSON.stringify({ module: m.module, version, fingerprint: fingerprint(m), builtAt: new Date().toISOString() }, null, 2));
  }
}
