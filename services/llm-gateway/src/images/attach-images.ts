import type { Message } from "ollama";
import { ApiError } from "../http/api-error.ts";
import { ImageFetchError, type ImageFetcher } from "./fetch-image.ts";
import { decodeDataUrl, IMAGE_FORMATS, imageFormat } from "./image-bytes.ts";

/** An image part of a request: which message it belongs to and where it is in the request, for errors. */
export interface ImageRef {
  readonly message: number;
  readonly param: string;
  readonly url: string;
}

export interface ImageLimits {
  /** Decoded bytes all of a request's images may have together (MAX_BODY_BYTES). */
  readonly maxBytes: number;
  /** Time all of a request's images may take to fetch (IMAGE_FETCH_TIMEOUT_MS). */
  readonly fetchTimeoutMs: number;
}

/**
 * Loads every image a request refers to and hands it to Ollama with its
 * message, base64 encoded. A part that is not an image, too large, or not
 * fetchable is a 400 that names it.
 */
export async function attachImages(messages: Message[], refs: readonly ImageRef[], fetcher: ImageFetcher, limits: ImageLimits): Promise<void> {
  const signal = AbortSignal.timeout(limits.fetchTimeoutMs);
  let left = limits.maxBytes;
  for (const ref of refs) {
    const bytes = await load(ref, fetcher, { maxBytes: left, signal });
    if (bytes.length > left) throw bad(ref, `it is larger than the ${left} bytes left for images (MAX_BODY_BYTES counts decoded images)`);
    if (!imageFormat(bytes)) throw bad(ref, `it is not an image in a format vision models read (${IMAGE_FORMATS})`);
    left -= bytes.length;
    const message = messages[ref.message] as Message;
    message.images = [...((message.images as string[] | undefined) ?? []), bytes.toString("base64")];
  }
}

async function load(ref: ImageRef, fetcher: ImageFetcher, limits: { maxBytes: number; signal: AbortSignal }): Promise<Buffer> {
  if (ref.url.startsWith("data:")) {
    const decoded = decodeDataUrl(ref.url);
    if (typeof decoded === "string") throw bad(ref, decoded);
    return decoded;
  }
  if (!URL.canParse(ref.url)) throw bad(ref, "expected an http(s) URL or a data URL");
  try {
    return await fetcher.fetch(ref.url, limits);
  } catch (error) {
    if (error instanceof ImageFetchError) throw bad(ref, error.message);
    throw error;
  }
}

function bad(ref: ImageRef, reason: string): ApiError {
  return new ApiError(400, `invalid request: ${ref.param}: ${reason}`, { param: ref.param, code: "invalid_image" });
}
