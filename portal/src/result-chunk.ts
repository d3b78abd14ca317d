/**
 * Everything needed once something is checked, in one lazily loaded chunk: the checks (hashing,
 * schema validation, X.509, WebCrypto) and the result view. The first page ships without them.
 */
export { checkDocument, checkHash, type CheckResult, type DocumentCheck } from './verify/run-check';
export { ResultView } from './components/ResultView';
