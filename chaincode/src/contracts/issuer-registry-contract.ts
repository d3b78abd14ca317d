/** Contract "IssuerRegistry": accreditation of issuers (docs/chaincode.md §6.1-6.7). */
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import * as issuers from '../issuers/issuer-service';
import { VanbangContract } from './base';

@Info({ title: 'IssuerRegistry', description: 'Registry of accredited diploma issuers' })
export class IssuerRegistryContract extends VanbangContract {
  constructor() {
    super('IssuerRegistry');
  }

  @Transaction()
  @Returns('string')
  async RegisterIssuer(ctx: Context, request: string): Promise<string> {
    return this.respond(issuers.registerIssuer(ctx, request));
  }

  @Transaction()
  @Returns('string')
  async UpdateIssuer(ctx: Context, request: string): Promise<string> {
    return this.respond(issuers.updateIssuer(ctx, request));
  }

  @Transaction()
  @Returns('string')
  async SuspendIssuer(ctx: Context, request: string): Promise<string> {
    return this.respond(issuers.suspendIssuer(ctx, request));
  }

  @Transaction()
  @Returns('string')
  async ReinstateIssuer(ctx: Context, request: string): Promise<string> {
    return this.respond(issuers.reinstateIssuer(ctx, request));
  }

  @Transaction()
  @Returns('string')
  async MergeIssuer(ctx: Context, request: string): Promise<string> {
    return this.respond(issuers.mergeIssuer(ctx, request));
  }

  @Transaction(false)
  @Returns('string')
  async GetIssuer(ctx: Context, request: string): Promise<string> {
    return this.respond(issuers.getIssuer(ctx, request));
  }

  @Transaction(false)
  @Returns('string')
  async ListIssuers(ctx: Context, request: string): Promise<string> {
    return this.respond(issuers.listIssuers(ctx, request));
  }

  @Transaction(false)
  @Returns('string')
  async GetIssuerHistory(ctx: Context, request: string): Promise<string> {
    return this.respond(issuers.getIssuerHistory(ctx, request));
  }
}
