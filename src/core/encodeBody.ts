import { DEV } from "./dev";
import { StompConfigError } from "./errors";

export interface EncodedBody {
  body?: string;
  binaryBody?: Uint8Array;
  contentType?: string;
  /** Bytes on the wire (for outbox limits). */
  bytes: number;
}

const encoder = new TextEncoder();

/** Strings go as text, bytes as binary, anything else as JSON with `content-type: application/json`. */
export function encodeBody(body: unknown, contentType?: string): EncodedBody {
  if (body === undefined) return { body: "", contentType, bytes: 0 };
  if (typeof body === "string") return { body, contentType, bytes: encoder.encode(body).length };
  if (body instanceof Uint8Array) {
    return {
      binaryBody: body,
      contentType: contentType ?? "application/octet-stream",
      bytes: body.byteLength,
    };
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(body);
  } catch (cause) {
    throw new StompConfigError(DEV && `The message body cannot be sent as JSON: ${String(cause)}`, { cause });
  }
  if (json === undefined)
    throw new StompConfigError(DEV && `A ${typeof body} cannot be sent as a message body.`);
  return { body: json, contentType: contentType ?? "application/json", bytes: encoder.encode(json).length };
}
