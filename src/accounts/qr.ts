/**
 * QR codes for enrolling an authenticator app, rendered as SVG on the server: the CSP forbids inline scripts, so no
 * client-side QR library, and SVG stays sharp at any zoom.
 */
import QRCode from 'qrcode';

export async function qrSvg(text: string): Promise<string> {
  // Level M survives a smudged or glare-struck screen without making the code dense for long otpauth URIs.
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** For `<img src="…">`; the CSP allows `img-src data:`. */
export async function qrDataUrl(text: string): Promise<string> {
  const svg = await qrSvg(text);
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
