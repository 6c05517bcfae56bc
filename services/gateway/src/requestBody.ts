/**
 * Reads a request body with a size cap (applied after decompression, so a small gzip bomb is refused too).
 */
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import zlib from "node:zlib";

/** An error answered with an HTTP status and message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/**
 * The body of `req`, decoded per `Content-Encoding` (identity, gzip, deflate, br).
 * @throws HttpError 413 when it exceeds `limit` bytes (declared or decoded), 415 for another encoding,
 * 400 when it cannot be decoded or the client stops mid-body.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(tooLarge(limit));
  }
  const encoding = (req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  let source: Readable;
  switch (encoding) {
    case "":
    case "identity":
      source = req;
      break;
    case "gzip":
    case "x-gzip":
      source = req.pipe(zlib.createGunzip());
      break;
    case "deflate":
      source = req.pipe(zlib.createInflate());
      break;
    case "br":
      source = req.pipe(zlib.createBrotliDecompress());
      break;
    default:
      return Promise.reject(new HttpError(415, `unsupported Content-Encoding ${JSON.stringify(encoding)} (supported: identity, gzip, deflate, br)`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      if (error) {
        if (source !== req) source.destroy();
        reject(error);
      } else {
        resolve(Buffer.concat(chunks, size));
      }
    };
    source.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        finish(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    source.on("end", () => finish());
    source.on("error", (e) => finish(new HttpError(400, `request body could not be read: ${e.message}`)));
    req.on("aborted", () => finish(new HttpError(400, "client closed the connection before the body was complete")));
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `request body is larger than ${limit} bytes (GATEWAY_MAX_BODY_BYTES); lower MAX_BATCH_ROWS of the function`);
}
