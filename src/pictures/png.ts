import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { crc32, deflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';

/** The renderer's version: part of every picture's source hash, since another may draw other pixels. */
export const RESVG_VERSION: string = (
  JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-js/package.json'), 'utf8')) as {
    version: string;
  }
).version;

/**
 * SVG → PNG at the SVG's own size. No text is drawn, so no fonts are loaded (and none can differ).
 * A pose picture has a few hundred colours at most (flat fills and their anti-aliased edges): when
 * they fit a 256-colour palette the same pixels are stored indexed, under half the size of resvg's
 * RGBA file; otherwise (a strip of many figures) resvg's own PNG is kept.
 */
export function renderPng(svg: string): Buffer {
  const image = new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render();
  return indexedPng(image.width, image.height, image.pixels) ?? image.asPng();
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit palette PNG (with per-colour alpha) of premultiplied RGBA pixels, or undefined past 256 colours. */
export function indexedPng(width: number, height: number, premultiplied: Uint8Array): Buffer | undefined {
  const colours = new Map<number, number>();
  const rows = Buffer.alloc((width + 1) * height); // each row: filter type 0, then one index per pixel
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const a = premultiplied[i + 3]!;
      // Straight alpha as PNG wants it, rounded as resvg's own PNG encoder does.
      const un = (c: number) => (a === 0 ? 0 : a === 255 ? c : Math.min(255, Math.round((c * 255) / a)));
      const rgba =
        ((un(premultiplied[i]!) << 24) | (un(premultiplied[i + 1]!) << 16) | (un(premultiplied[i + 2]!) << 8) | a) >>>
        0;
      let k = colours.get(rgba);
      if (k === undefined) {
        if (colours.size === 256) return undefined;
        k = colours.size;
        colours.set(rgba, k);
      }
      rows[y * (width + 1) + 1 + x] = k;
    }
  const palette = Buffer.alloc(colours.size * 3);
  const alpha = Buffer.alloc(colours.size);
  for (const [rgba, k] of colours) {
    palette.writeUIntBE(rgba >>> 8, k * 3, 3);
    alpha[k] = rgba & 0xff;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8); // 8 bits, indexed colour, deflate, no filter method choice, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('PLTE', palette),
    chunk('tRNS', alpha),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const hash = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex').slice(0, 16);

/** How renderPng stores the pixels: change it whenever indexedPng writes other bytes, so every picture is redone. */
export const PNG_ENCODING = 'indexed-or-rgba 1';

/** What a picture is made from: its SVG (figure data and style, all in it), the renderer and the encoding. */
export const sourceHash = (svg: string): string => hash(`resvg ${RESVG_VERSION}\n${PNG_ENCODING}\n${svg}`);
