/** Contract "Diploma", the default contract: a diploma's legal life (docs/chaincode.md §6.8-6.17). */
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import * as issue from '../diplomas/issue';
import * as life from '../diplomas/lifecycle';
import * as queries from '../diplomas/queries';
import { VanbangContract } from './base';

@Info({ title: 'Diploma', description: 'Issuance, correction, reissue, revocation, copies and verification of diplomas' })
export class DiplomaContract extends VanbangContract {
  constructor() {
    super('Diploma');
  }

  @Transaction()
  @Returns('string')
  async IssueDiploma(ctx: Context, request: string): Promise<string> {
    return this.respond(issue.issueDiploma(ctx, request));
  }

  @Transaction()
  @Returns('string')
  async IssueDiplomas(ctx: Context, request: string): Promise<string> {
    return this.respond(issue.issueDiplomas(ctx, request));
  }

  @Transaction()
  @Returns('string')
  async CorrectDiploma(ctx: Context, request: string): Promise<string> {
    return this.respond(life.correctDiploma(ctx, request));
  }

  @Transaction()
  @Returns('string')
  async ReissueDiploma(ctx: Context, request: string): Promise<string> {
    return this.respond(life.reissueDiploma(ctx, request));
  }

  @Transaction()
  @Returns('string')
  async RevokeDiploma(ctx: Context, request: string): Promise<string> {
    return this.respond(life.revokeDiploma(ctx, request));
  }

  @Transaction()
  @Returns('string')
  async RecordCopy(ctx: Context, request: string): Promise<string> {
    return this.respond(life.recordCopy(ctx, request));
  }

  @Transaction(false)
  @Returns('string')
  async GetDiploma(ctx: Context, request: string): Promise<string> {
    return this.respond(queries.getDiploma(ctx, request));
  }

  @Transaction(false)
  @Returns('string')
  async VerifyHash(ctx: Context, request: string): Promise<string> {
    return this.respond(queries.verifyHash(ctx, request));
  }

  @Transaction(false)
  @Returns('string')
  async GetHistory(ctx: Context, request: string): Promise<string> {
    return this.respond(queries.getHistory(ctx, request));
  }

  @Transaction(false)
  @Returns('string')
  async ListByIssuer(ctx: Context, request: string): Promise<string> {
    return this.respond(queries.listByIssuer(ctx, request));
  }
}
