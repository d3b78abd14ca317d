// Ether for the deployment's accounts, from geth's developer account: dev mode pre-funds it in
// the genesis block and keeps it unlocked in its keystore, so eth_sendTransaction from
// eth_accounts[0] needs no key here.
import { formatEther, parseEther, type JsonRpcProvider, type TransactionResponse } from 'ethers';

/** How much an account is topped up to, and below what balance (checked on every start). */
export interface FundingRule {
  threshold: bigint;
  target: bigint;
}

/** The anchoring worker pays about 0.1 mETH per anchor at dev mode's gas price: years of anchors. */
export const ANCHORER_FUNDING: FundingRule = { threshold: parseEther('10'), target: parseEther('100') };
/** The governance key signs role changes only. */
export const GOVERNANCE_FUNDING: FundingRule = { threshold: parseEther('1'), target: parseEther('10') };
/** A one-off deployer: the deployment costs about 0.001 ETH at dev mode's gas price. */
export const DEPLOYER_FUNDING: FundingRule = { threshold: parseEther('1'), target: parseEther('1') };

export async function devAccount(provider: JsonRpcProvider): Promise<string> {
  const accounts = await provider.send('eth_accounts', []) as string[];
  if (!Array.isArray(accounts) || accounts.length === 0) throw new Error('the EVM chain has no unlocked account (eth_accounts is empty): is it geth in --dev mode?');
  return accounts[0];
}

/** The transfers that bring each account up to its rule's target when below its threshold. */
export function topUps(balances: { address: string; balance: bigint; rule: FundingRule }[]): { to: string; value: bigint }[] {
  return balances.filter((b) => b.balance < b.rule.threshold).map((b) => ({ to: b.address, value: b.rule.target - b.balance }));
}

/**
 * Tops up every account below its threshold, from the developer account; sends every transfer
 * first and then waits for them all (one block). Returns one line per transfer.
 */
export async function fundAccounts(provider: JsonRpcProvider, accounts: { address: string; rule: FundingRule; what: string }[]): Promise<string[]> {
  const balances = await Promise.all(accounts.map(async (a) => ({ ...a, balance: await provider.getBalance(a.address) })));
  const transfers = topUps(balances);
  if (transfers.length === 0) return [];
  const signer = await provider.getSigner(await devAccount(provider));
  const sent: TransactionResponse[] = [];
  for (const t of transfers) sent.push(await signer.sendTransaction(t));
  const receipts = await Promise.all(sent.map((tx) => tx.wait(1)));
  return transfers.map((t, i) => {
    if (receipts[i]?.status !== 1) throw new Error(`funding ${t.to} failed (transaction ${sent[i].hash})`);
    const what = balances.find((b) => b.address === t.to)?.what ?? t.to;
    return `funded ${what} ${t.to} with ${formatEther(t.value)} ETH`;
  });
}
