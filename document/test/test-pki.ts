/** Throw-away P-256 PKI for tests: fake organization CAs (like Fabric CA roots) and identities. */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type CryptoKeyPair = webcrypto.CryptoKeyPair;
type CryptoKey = webcrypto.CryptoKey;
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface TestCa {
  readonly name: string;
  readonly certificatePem: string;
  readonly keys: CryptoKeyPair;
  readonly cert: x509.X509Certificate;
}
export interface TestIdentity {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key ));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
}

const serial = (): string => Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex');

/** A self-signed organization CA; `isCa: false` makes a look-alike that lacks the CA basic constraint. */
export async function createTestCa(orgName: string, validity = { from: new Date('2020-01-01'), to: new Date('2040-01-01') }, { isCa = true } = {}): Promise<TestCa> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const name = `CN=ca.${orgName.toLowerCase()}.vanbang.vn, O=${orgName}, C=VN`;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name, notBefore: validity.from, notAfter: validity.to, keys, signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(isCa, isCa ? 1 : undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return { name, keys, cert, certificatePem: cert.toString('pem') };
}

export async function issueTestIdentity(
  ca: TestCa, commonName: string, validity = { from: new Date('2024-01-01'), to: new Date('2027-01-01') }, opts: { subject?: string } = {},
): Promise<TestIdentity> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: opts.subject ?? `CN=${commonName}, OU=client, O=${ca.name.split('O=')[1]?.split(',')[0] ?? ''}`,
    issuer: ca.cert.subject, notBefore: validity.from, notAfter: validity.to,
    signingKey: ca.keys.privateKey, publicKey: keys.publicKey, signingAlgorithm: ALG,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  return { privateKeyPem: await privateKeyPem(keys.privateKey), certificatePem: cert.toString('pem') };
}
