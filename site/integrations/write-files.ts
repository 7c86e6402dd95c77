import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface FileToWrite {
  /** Inside `out`, with a leading slash: `/evenements/atelier.ics`. */
  path: string;
  /** Made when the file is written: 9,000 calendar texts are not all held at once. */
  body: string | (() => string | Promise<string>);
}

/** One kind of file made after the render, and the line the build's log says once they are written. */
export interface FilesOfOneKind {
  files: FileToWrite[];
  written: string;
}

/**
 * Writes many small files into the build output, a few at a time: libuv's thread pool does the
 * system calls while the next text is made. One after another, the 40,000 folders and files of the
 * short links took 20 s at 10,000 items, each waiting on its round trip; all at once would run out
 * of file handles. Each folder is made once, before the first file in it.
 */
export async function writeFiles(out: string, files: readonly FileToWrite[], inFlight = 16): Promise<void> {
  const folders = new Map<string, Promise<unknown>>();
  const folder = (path: string) => {
    let made = folders.get(path);
    if (!made) {
      made = mkdir(path, { recursive: true });
      folders.set(path, made);
    }
    return made;
  };
  let next = 0;
  const writer = async () => {
    while (next < files.length) {
      const { path, body } = files[next++]!;
      const file = join(out, path);
      await folder(dirname(file));
      await writeFile(file, typeof body === 'function' ? await body() : body);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, writer));
}
