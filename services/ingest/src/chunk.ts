/**
 * Fixed-size character chunks with overlap, cut at whitespace where possible. Offsets are positions
 * in the document's text, so the same text always yields the same chunks (and the same ids).
 */
import { createHash } from "node:crypto";

export interface Chunk {
  /** Character offset of the chunk in the document text. */
  readonly offset: number;
  readonly text: string;
}

export function chunkText(text: string, size: number, overlap: number): Chunk[] {
  if (overlap >= size) throw new Error("overlap must be smaller than size");
  const out: Chunk[] = [];
  let start = 0;
  while (start < text.length) {
    // Skip leading whitespace so offsets point at text.
    while (start < text.length && /\s/.test(text[start])) start++;
    if (start >= text.length) break;
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      // Cut at the last whitespace in the final fifth of the window, if any.
      const floor = start + Math.floor(size * 0.8);
      for (let i = end; i > floor; i--) {
        if (/\s/.test(text[i])) {
          end = i;
          break;
        }
      }
    }
    const piece = text.slice(start, end).trimEnd();
    if (piece.length > 0) out.push({ offset: start, text: piece });
    if (end >= text.length) break;
    let next = Math.max(end - overlap, start + 1);
    // Start the next chunk on a word boundary inside the overlap.
    while (next < end && !/\s/.test(text[next - 1])) next++;
    start = next;
  }
  return out;
}

/** Stable chunk id: a hash of the document's source and the chunk's offset. */
export function chunkId(source: string, offset: number): string {
  return createHash("sha256").update(`${source}\u0000${offset}`).digest("hex").slice(0, 32);
}

export function contentHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
