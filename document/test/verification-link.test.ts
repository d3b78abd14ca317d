import fc from 'fast-check';
import { parseVerificationLink } from '../src/verification-link';

const HASH = 'ca942f4ad0c82d8cc003fe0b36d8748b76b3792908d533b0f297d5b4f4be935f';

describe('parseVerificationLink', () => {
  it.each([
    [`https://vanbang.moet.gov.vn/v/${HASH}`],
    [`http://127.0.0.1:3000/v/${HASH}`],
    [`https://vanbang.moet.gov.vn/v/${HASH}?utm_source=qr`],
    [`https://vanbang.moet.gov.vn/v/${HASH}#checks`],
    [`https://vanbang.moet.gov.vn/v/${HASH}/`],
    [`https://vanbang.moet.gov.vn/portal/v/${HASH}`],
    [`https://vanbang.moet.gov.vn/api/v1/verify/${HASH}`],
    [`http://localhost:3000/api/v1/verify/${HASH}?x=1#y`],
    [`HTTPS://VANBANG.MOET.GOV.VN/v/${HASH.toUpperCase()}`],
    [`  https://vanbang.vn/v/${HASH}\n`],
    [HASH],
    [`  ${HASH.toUpperCase()} \n`],
  ])('reads the document hash from %j', (text) => {
    expect(parseVerificationLink(text)).toBe(HASH);
  });

  it.each([
    [''],
    ['   '],
    [HASH.slice(1)], // 63 digits
    [`${HASH}0`], // 65 digits
    [`${HASH.slice(1)}g`],
    [`sha256:${HASH}`],
    [`https://vanbang.vn/v/${HASH.slice(1)}`],
    [`https://vanbang.vn/v/${HASH}0`],
    [`https://vanbang.vn/v/${HASH}/extra`],
    [`https://vanbang.vn/x/${HASH}`],
    [`https://vanbang.vn/api/v1/verify/${HASH}/events`],
    [`https://vanbang.vn/api/v2/verify/${HASH}`],
    [`https://vanbang.vn/?v=${HASH}`],
    [`https://vanbang.vn/#/v/${HASH}`],
    [`javascript:alert(1)//v/${HASH}`],
    [`ftp://vanbang.vn/v/${HASH}`],
    [`vanbang.vn/v/${HASH}`], // not a URL
    [`${HASH} ${HASH}`],
  ])('gives undefined for %j', (text) => {
    expect(parseVerificationLink(text)).toBeUndefined();
  });

  it('returns only 64 lowercase hex digits, whatever the input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
      const result = parseVerificationLink(text);
      expect(result === undefined || /^[0-9a-f]{64}$/.test(result)).toBe(true);
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.stringMatching(/^[0-9a-fA-F]{64}$/), fc.webUrl(), (hash, base) => {
      expect(parseVerificationLink(`${base.replace(/[?#].*$/, '').replace(/\/$/, '')}/v/${hash}`)).toBe(hash.toLowerCase());
    }), { numRuns: 500 });
  });
});
