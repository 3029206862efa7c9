import { qrDataUrl, qrSvg } from '../../src/accounts/qr';

const URI = 'otpauth://totp/%E6%97%A5%E6%9C%AC:alice%40example.jp?secret=JBSWY3DPEHPK3PXP&issuer=%E6%97%A5%E6%9C%AC';

describe('QR codes', () => {
  test('when an otpauth URI is rendered, then the result is an SVG drawing with a path', async () => {
    const svg = await qrSvg(URI);
    expect(svg).toContain('<svg');
    expect(svg).toContain('<path');
    expect(svg).not.toMatch(/<script/i);
  });

  test('when two different secrets are rendered, then the pictures differ', async () => {
    expect(await qrSvg(URI)).not.toBe(await qrSvg(URI.replace('JBSWY3DPEHPK3PXP', 'GEZDGNBVGY3TQOJQ')));
  });

  test('when a data URL is asked for, then it is a base64 SVG image that decodes to the same drawing', async () => {
    const url = await qrDataUrl(URI);
    expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true);
    const decoded = Buffer.from(url.slice('data:image/svg+xml;base64,'.length), 'base64').toString('utf8');
    expect(decoded).toBe(await qrSvg(URI));
  });
});
