#!/usr/bin/env node
/**
 * Writes `file.br` and `file.gz` next to each text file of a built site, for nginx's
 * `brotli_static on; gzip_static on;` (deploy/nginx/): compressed once, at the highest levels,
 * instead of on every request. Pagefind's index files are already gzip and are left alone, as are
 * files of 512 bytes or less (compression would not pay). Safe to run twice.
 *
 *   node deploy/precompress.mjs builds/current
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const textTypes = new Set(['.html', '.css', '.js', '.mjs', '.json', '.xml', '.txt', '.ics', '.svg', '.webmanifest']);

/** @param {string} dir @returns {number} how many files got their compressed copies */
export function precompressDir(dir) {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'pagefind' && entry.name !== 'pagefind-archives') count += precompressDir(full);
      continue;
    }
    if (!entry.isFile() || !textTypes.has(extname(entry.name)) || statSync(full).size <= 512) continue;
    const body = readFileSync(full);
    writeFileSync(`${full}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${full}.gz`, gzipSync(body, { level: 9 }));
    count++;
  }
  return count;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: precompress.mjs <site folder>');
    process.exit(2);
  }
  console.log(`precompressed ${precompressDir(resolve(dir))} files in ${dir}`);
}
