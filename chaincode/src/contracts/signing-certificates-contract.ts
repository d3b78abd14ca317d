/** Contract "SigningCertificates": the certificates that sign for each issuer, key rotation and revocation (docs/chaincode.md §6.18-6.23). */
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import * as certificates from '../certificates/signing-certificate-service';
import { VanbangContract } from './base';

@Info({ title: 'SigningCertificates', description: 'Registry of the certificates that sign diplomas for each issuer: rotation and revocation' })
export class SigningCertificatesContract extends VanbangContract {
  constructor() {
    super('SigningCertificates');
  }

  @Transaction()
  @Returns('string')
  async RegisterSigningCertificate(ctx: Context, request: string): Promise<string> {
    return this.respond(certificates.registerSigningCertificate(ctx, request));
  }

  @Transaction()
  @Returns('string')
  async RevokeSigningCertificate(ctx: Context, request: string): Promise<string> {
    return this.respond(certificates.revokeSigningCertificate(ctx, request));
  }

  @Transaction(false)
  @Returns('string')
  async GetSigningCertificate(ctx: Context, request: string): Promise<string> {
    return this.respond(certificates.getSigningCertificate(ctx, request));
  }

  @Transaction(false)
  @Returns('string')
  async ListSigningCertificates(ctx: Context, request: string): Promise<string> {
    return this.respond(certificates.listSigningCertificates(ctx, request));
  }

  @Transaction(false)
  @Returns('string')
  async ListRevokedSigningCertificates(ctx: Context, request: string): Promise<string> {
    return this.respond(certificates.listRevokedSigningCertificates(ctx, request));
  }

  @Transaction(false)
  @Returns('string')
  async GetSigningCertificateHistory(ctx: Context, request: string): Promise<string> {
    return this.respond(certificates.getSigningCertificateHistory(ctx, request));
  }
}
