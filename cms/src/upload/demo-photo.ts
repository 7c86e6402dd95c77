import sharp from 'sharp';

/**
 * A deterministic, photo-like JPEG (sky/ground gradient plus film grain), the size of a phone photo,
 * carrying fake GPS EXIF like a real one would. Used by the demo seed and the upload tests, so the
 * repository ships no binary and nothing is downloaded.
 */
export interface DemoPhotoOptions {
  width?: number;
  height?: number;
  /** Picks the colours and the grain, so each demo item gets its own picture. */
  seed?: number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function demoPhotoJpeg({ width = 3000, height = 2000, seed = 1 }: DemoPhotoOptions = {}): Promise<Buffer> {
  const random = mulberry32(seed);
  // Blue sky over green ground whatever the seed, so the demo alt text stays true.
  const sky = [70 + random() * 40, 140 + random() * 40, 210 + random() * 45];
  const ground = [60 + random() * 50, 120 + random() * 50, 40 + random() * 40];
  const horizon = 0.45 + random() * 0.2;
  // Rendered small then enlarged: smooth like a photo, cheap to compute.
  const w = Math.ceil(width / 8);
  const h = Math.ceil(height / 8);
  const pixels = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y += 1) {
    const v = y / h;
    const base = v < horizon ? sky : ground;
    const shade = v < horizon ? 1 - v * 0.5 : 0.7 + (v - horizon) * 0.4;
    for (let x = 0; x < w; x += 1) {
      const grain = (random() - 0.5) * 40;
      for (let c = 0; c < 3; c += 1) {
        pixels[(y * w + x) * 3 + c] = Math.max(0, Math.min(255, (base[c] ?? 0) * shade + grain));
      }
    }
  }
  return sharp(pixels, { raw: { width: w, height: h, channels: 3 } })
    .resize(width, height, { kernel: 'cubic' })
    .jpeg({ quality: 92 })
    .withExif({
      IFD0: { Make: 'Passerelle', Model: 'Demo phone', Software: 'demo-photo' },
      // IFD3 is the GPS directory in libvips' naming: a fake spot in Montréal, as a phone would write.
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 33/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '73/1 38/1 0/1' },
    })
    .toBuffer();
}
