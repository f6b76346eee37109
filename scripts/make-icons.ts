import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

/**
 * Draws the Teams app icons (a shield with a padlock) and writes them to appPackage/ as PNG,
 * with nothing but node:zlib. Run with `npx tsx scripts/make-icons.ts` after changing the drawing.
 */

/** The brand colour: background of the colour icon and the manifest's `accentColor`. */
export const brandColor = '#1D4E89';

type Point = readonly [number, number];

/** Cubic Bézier from `a` to `d` with control points `b`, `c`, sampled into `steps` points (excluding `a`). */
function cubic(a: Point, b: Point, c: Point, d: Point, steps: number): Point[] {
  return Array.from({ length: steps }, (_, i) => {
    const t = (i + 1) / steps;
    const u = 1 - t;
    const mix = (k: 0 | 1) => u * u * u * a[k] + 3 * u * u * t * b[k] + 3 * u * t * t * c[k] + t * t * t * d[k];
    return [mix(0), mix(1)] as const;
  });
}

/** The shield's outline in the unit square (y down): peaked top, straight sides, pointed bottom. */
const rightHalf: Point[] = [
  [0.5, 0.04],
  ...cubic([0.5, 0.04], [0.62, 0.12], [0.74, 0.15], [0.87, 0.15], 12),
  [0.87, 0.5],
  ...cubic([0.87, 0.5], [0.87, 0.74], [0.72, 0.88], [0.5, 0.97], 24),
];
const shield: Point[] = [
  ...rightHalf,
  ...rightHalf
    .slice(1, -1)
    .reverse()
    .map(([x, y]) => [1 - x, y] as const),
];

function insidePolygon(polygon: readonly Point[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function distanceToEdges(polygon: readonly Point[], x: number, y: number): number {
  let best = Infinity;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [ax, ay] = polygon[j];
    const [bx, by] = polygon[i];
    const t = Math.max(
      0,
      Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
    );
    best = Math.min(best, Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay)));
  }
  return best;
}

function insideRoundedRect(x: number, y: number, left: number, top: number, right: number, bottom: number, r: number) {
  const dx = Math.max(left + r - x, 0, x - (right - r));
  const dy = Math.max(top + r - y, 0, y - (bottom - r));
  return x >= left && x <= right && y >= top && y <= bottom && dx * dx + dy * dy <= r * r;
}

/** Whether the motif (shield outline, padlock with keyhole) covers the point of the unit square. */
export function motifCovers(x: number, y: number): boolean {
  const shieldStroke = insidePolygon(shield, x, y) && distanceToEdges(shield, x, y) <= 0.075;
  const [cx, archY, halfWidth, thickness] = [0.5, 0.4, 0.105, 0.07];
  const shackle =
    y <= archY
      ? Math.abs(Math.hypot(x - cx, y - archY) - halfWidth) <= thickness / 2
      : y <= 0.48 && Math.abs(Math.abs(x - cx) - halfWidth) <= thickness / 2;
  const keyhole = Math.hypot(x - cx, y - 0.575) <= 0.05 || (Math.abs(x - cx) <= 0.022 && y >= 0.575 && y <= 0.675);
  const body = insideRoundedRect(x, y, 0.315, 0.46, 0.685, 0.76, 0.05) && !keyhole;
  return shieldStroke || shackle || body;
}

/** Fraction of each pixel the motif covers, drawn into a `box`-pixel square at (`offset`, `offset`). */
function coverage(size: number, offset: number, box: number, samples = 4): Float64Array {
  const result = new Float64Array(size * size);
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++)
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples - offset) / box;
          const y = (py + (sy + 0.5) / samples - offset) / box;
          if (x >= 0 && x <= 1 && y >= 0 && y <= 1 && motifCovers(x, y)) hits++;
        }
      result[py * size + px] = hits / (samples * samples);
    }
  return result;
}

/** Encodes 8-bit RGB (colour type 2) or RGBA (colour type 6) pixels as a PNG file. */
export function encodePng(width: number, height: number, channels: 3 | 4, pixels: Uint8Array): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const framed = Buffer.alloc(body.length + 8);
    framed.writeUInt32BE(data.length, 0);
    body.copy(framed, 4);
    framed.writeUInt32BE(crc32(body), body.length + 4);
    return framed;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8);
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height); // filter byte 0 (None) before every row
  for (let row = 0; row < height; row++)
    raw.set(pixels.subarray(row * stride, (row + 1) * stride), row * (stride + 1) + 1);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The 192×192 colour icon: the white motif in the central 96×96 on the solid brand colour. */
export function colorIcon(): Buffer {
  const size = 192;
  const background = [1, 3, 5].map((i) => parseInt(brandColor.slice(i, i + 2), 16));
  const cover = coverage(size, 48, 96);
  const pixels = new Uint8Array(size * size * 3);
  cover.forEach((c, i) => background.forEach((b, k) => (pixels[i * 3 + k] = Math.round(b + (255 - b) * c))));
  return encodePng(size, size, 3, pixels);
}

/** The 32×32 outline icon: the motif in white on a transparent background. */
export function outlineIcon(): Buffer {
  const size = 32;
  const cover = coverage(size, 1, 30);
  const pixels = new Uint8Array(size * size * 4);
  cover.forEach((c, i) => pixels.set([255, 255, 255, Math.round(255 * c)], i * 4));
  return encodePng(size, size, 4, pixels);
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '..', 'appPackage');
  writeFileSync(path.join(dir, 'color.png'), colorIcon());
  writeFileSync(path.join(dir, 'outline.png'), outlineIcon());
  console.log(`Wrote ${path.join(dir, 'color.png')} and ${path.join(dir, 'outline.png')}`);
}
