// Where the last N lines of a set of log files start, found by reading backwards in blocks (never the whole file).
import { open } from 'node:fs/promises';

const BLOCK = 64 * 1024;

export interface TailStart { fileIndex: number; offset: number }

/**
 * The position of the first of the last `lines` complete (newline-terminated) lines across `paths`, read in order.
 * An unterminated last line is not counted (it is still being written). Missing files count as empty.
 */
export async function findTailStart(paths: string[], lines: number): Promise<TailStart> {
  let remaining = lines;
  for (let i = paths.length - 1; i >= 0; i--) {
    const found = await tailInFile(paths[i]!, remaining);
    if (found.offset !== undefined) return { fileIndex: i, offset: found.offset };
    remaining -= found.counted;
  }
  return { fileIndex: 0, offset: 0 };
}

/** Offset where the last `lines` lines of one file start, or how many lines it has when fewer. */
export async function tailInFile(path: string, lines: number): Promise<{ offset?: number; counted: number }> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { counted: 0 };
    throw err;
  }
  try {
    // Newlines from the end: the k-th (0-based) ends the line before the last k lines. An unterminated last line
    // is not counted (it is still being written).
    let end = (await fh.stat()).size;
    let seen = 0;
    const buf = Buffer.alloc(BLOCK);
    while (end > 0) {
      const start = Math.max(0, end - BLOCK);
      const { bytesRead } = await fh.read(buf, 0, end - start, start);
      for (let j = bytesRead - 1; j >= 0; j--) {
        if (buf[j] !== 0x0a) continue;
        if (seen === lines) return { offset: start + j + 1, counted: lines };
        seen++;
      }
      end = start;
    }
    return seen === lines ? { offset: 0, counted: lines } : { counted: seen };
  } finally {
    await fh.close();
  }
}
