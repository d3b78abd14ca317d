#!/usr/bin/env node
// Entry point of every npm script. Plain CommonJS with no dependencies, so it works on a fresh
// clone: it checks Node, installs the npm dependencies if they are missing, then hands over to
// scripts/cli.ts (run with tsx).
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const MIN_NODE = [20, 9];

function fail(message) {
  console.error(`\n✖ ${message}`);
  process.exit(1);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
  fail(`Node.js ${MIN_NODE.join('.')} or newer is needed (this is ${process.version}).`);
}

function dependenciesInstalled() {
  const lock = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (!existsSync(lock) || !existsSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'))) return false;
  // Re-install when package-lock.json changed after the last install.
  try {
    const installed = JSON.parse(readFileSync(lock, 'utf8')).packages || {};
    const wanted = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')).packages || {};
    // Optional (platform-specific) packages are legitimately absent.
    return Object.entries(wanted).every(([k, v]) => !k.startsWith('node_modules/') || v.optional || v.link || installed[k]);
  } catch {
    return false;
  }
}

if (!dependenciesInstalled()) {
  console.log('• Installing npm dependencies (npm ci) ...');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) fail('npm ci failed: see the output above.');
}

const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const r = spawnSync(process.execPath, [tsx, path.join(__dirname, 'cli.ts'), ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
process.exit(r.status === null ? 1 : r.status);
