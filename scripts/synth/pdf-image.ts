/**
 * A PDF made of page images only, as a scanner writes it: one JPEG per page drawn over the whole page, no text
 * layer, no fonts. Written by hand (catalog, page tree, per page a page, its content stream and its image).
 */

/** The size and colour components a JPEG's start-of-frame header states. */
export function jpegInfo(jpeg: Uint8Array): { width: number; height: number; components: number } {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  let i = 2;
  while (i + 9 < jpeg.length) {
    if (jpeg[i] !== 0xff) throw new Error(`JPEG marker expected at ${i}`);
    const marker = jpeg[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    const length = (jpeg[i + 2] << 8) | jpeg[i + 3];
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return {
        height: (jpeg[i + 5] << 8) | jpeg[i + 6],
        width: (jpeg[i + 7] << 8) | jpeg[i + 8],
        components: jpeg[i + 9],
      };
    i += 2 + length;
  }
  throw new Error('JPEG without a frame header');
}

/** A4 in PDF points. */
export const A4 = { width: 595.28, height: 841.89 };

export function imagePdf(pages: Uint8Array[], size = A4): Uint8Array {
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (part: string | Uint8Array) => {
    const buf = typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part);
    chunks.push(buf);
    length += buf.length;
  };
  const obj = (n: number, ...parts: (string | Uint8Array)[]) => {
    offsets[n] = length;
    push(`${n} 0 obj\n`);
    parts.forEach(push);
    push('\nendobj\n');
  };
  const { width: w, height: h } = size;
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, `<< /Type /Pages /Kids [${pages.map((_p, i) => `${3 + 3 * i} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  pages.forEach((jpeg, i) => {
    const [page, contents, image] = [3 + 3 * i, 4 + 3 * i, 5 + 3 * i];
    const { width, height, components } = jpegInfo(jpeg);
    const space = components === 1 ? 'DeviceGray' : components === 4 ? 'DeviceCMYK' : 'DeviceRGB';
    const draw = `q ${w} 0 0 ${h} 0 0 cm /Im1 Do Q`;
    obj(
      page,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im1 ${image} 0 R >> >> /Contents ${contents} 0 R >>`,
    );
    obj(contents, `<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`);
    obj(
      image,
      `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /${space} /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`,
      jpeg,
      '\nendstream',
    );
  });
  const xref = length;
  const count = 3 + 3 * pages.length;
  push(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let n = 1; n < count; n++) push(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(chunks);
}
