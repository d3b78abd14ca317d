// Hardhat 2 configuration. Plain CommonJS so that Hardhat needs no ts-node.
// The compiler is the `solc` npm package's soljson.js: Hardhat would otherwise download its
// compiler list and build from binaries.soliditylang.org, which this machine cannot reach.
const { subtask } = require('hardhat/config');
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require('hardhat/builtin-tasks/task-names');
require('@nomicfoundation/hardhat-ethers');

const SOLC_VERSION = '0.8.30';

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async ({ solcVersion }) => {
  // Loading soljson takes a second: only here, when something is actually compiled.
  const solc = require('solc');
  // e.g. "0.8.30+commit.73712a01.Emscripten.clang"; Hardhat's builds list drops the platform part.
  const longVersion = solc.version().replace(/\.Emscripten\.clang$/, '');
  if (solcVersion !== SOLC_VERSION || !longVersion.startsWith(`${SOLC_VERSION}+`)) {
    throw new Error(`anchoring compiles with the solc npm package ${SOLC_VERSION} only; asked for ${solcVersion}, installed ${longVersion}`);
  }
  return { compilerPath: require.resolve('solc/soljson.js'), isSolcJs: true, version: SOLC_VERSION, longVersion };
});

/** @type {import('hardhat/config').HardhatUserConfig} */
module.exports = {
  solidity: {
    version: SOLC_VERSION,
    // cancun explicitly: the compiler's default moves with its version, the bytecode must not.
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: 'cancun' },
  },
  paths: { sources: './contracts', artifacts: './artifacts', cache: './cache' },
};
