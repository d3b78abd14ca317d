/** Contract "Anchoring": the Fabric record of each anchoring period and of the EVM transaction that anchored it (docs/chaincode.md §6.24-6.28). */
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import * as anchoring from '../anchoring/anchor-service';
import { VanbangContract } from './base';

@Info({ title: 'Anchoring', description: 'Merkle roots of the anchoring periods, recorded before they go to the public EVM chain, and their EVM transactions' })
export class AnchoringContract extends VanbangContract {
  constructor() {
    super('Anchoring');
  }

  @Transaction()
  @Returns('string')
  async RecordAnchorPeriod(ctx: Context, request: string): Promise<string> {
    return this.respond(anchoring.recordAnchorPeriod(ctx, request));
  }

  @Transaction()
  @Returns('string')
  async RecordAnchorTransaction(ctx: Context, request: string): Promise<string> {
    return this.respond(anchoring.recordAnchorTransaction(ctx, request));
  }

  @Transaction(false)
  @Returns('string')
  async GetAnchorPeriod(ctx: Context, request: string): Promise<string> {
    return this.respond(anchoring.getAnchorPeriod(ctx, request));
  }

  @Transaction(false)
  @Returns('string')
  async GetLatestAnchorPeriod(ctx: Context, request: string): Promise<string> {
    return this.respond(anchoring.getLatestAnchorPeriod(ctx, request));
  }

  @Transaction(false)
  @Returns('string')
  async ListAnchorPeriods(ctx: Context, request: string): Promise<string> {
    return this.respond(anchoring.listAnchorPeriods(ctx, request));
  }
}
