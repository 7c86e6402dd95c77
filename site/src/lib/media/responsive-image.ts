import type { ImageValue } from '@passerelle/shared';
import { siteBuildConfig } from '../../config.ts';
import { encodeImage, type EncodedImage } from './encode.ts';
import { mediaRegistry, mediaUrl } from './registry.ts';

/**
 * What a detail page needs to show an editor's image: local URLs only (the built site never
 * hot-links the CMS, which may be private, and `img-src 'self'` holds on any CDN).
 */
export interface ResponsiveImage {
  avif: string;
  webp: string;
  jpeg: string;
  width: number;
  height: number;
  alt: string;
}

const FETCH_TIMEOUT_MS = 30_000;

/** Strapi's local provider answers `/uploads/…`; cloud providers answer absolute URLs. */
export function sourceUrl(url: string, cmsUrl = siteBuildConfig().cmsUrl): string {
  return /^https?:\/\//.test(url) ? url : `${cmsUrl.replace(/\/+$/, '')}${url.startsWith('/') ? '' : '/'}${url}`;
}

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

// French and English pages show the same picture: fetch and encode it once per build.
const inFlight = new Map<string, Promise<EncodedImage>>();

/**
 * Encodes (or finds in the cache) the image and records its files for the build output. A missing
 * or broken image is reported and left out: one bad upload must not block a publication.
 */
export async function responsiveImage(image: ImageValue): Promise<ResponsiveImage | null> {
  const registry = mediaRegistry();
  const url = sourceUrl(image.source.url);
  let encoding = inFlight.get(url);
  if (!encoding) {
    encoding = download(url).then((bytes) => encodeImage(bytes, registry.cacheDir));
    inFlight.set(url, encoding);
  }
  try {
    const encoded = await encoding;
    for (const name of Object.values(encoded.files)) registry.used.add(name);
    return {
      avif: mediaUrl(encoded.files.avif),
      webp: mediaUrl(encoded.files.webp),
      jpeg: mediaUrl(encoded.files.jpeg),
      width: encoded.width,
      height: encoded.height,
      alt: image.alt,
    };
  } catch (error) {
    inFlight.delete(url);
    console.warn(`[media] image ${url} left out: ${(error as Error).message}`);
    return null;
  }
}
