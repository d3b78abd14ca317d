/** Shared plumbing of the contracts: canonical JSON results and coded unknown-function errors. */
import { Context, Contract } from 'fabric-contract-api';
import { fail } from '../errors';
import { stableStringify } from '../ledger/json';

export abstract class VanbangContract extends Contract {
  /** Results are canonical JSON strings, so every endorser returns the same bytes. */
  protected async respond(work: Promise<unknown>): Promise<string> {
    return stableStringify(await work);
  }

  override async unknownTransaction(ctx: Context): Promise<void> {
    const { fcn } = ctx.stub.getFunctionAndParameters();
    fail('UNKNOWN_TRANSACTION', `no function ${fcn} in contract ${this.getName()}`);
  }
}
