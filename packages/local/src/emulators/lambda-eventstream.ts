import { crc32 } from "node:zlib";

/**
 * The AWS event stream framing (application/vnd.amazon.eventstream) that InvokeWithResponseStream
 * answers with, as the AWS SDK's decoder reads it: per message a prelude (total length, headers
 * length, both big-endian u32, and their CRC32), the headers (name length u8, name, type 7 =
 * string, value length u16, value), the payload, and a CRC32 of everything before it.
 * https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html (the events:
 * PayloadChunk, InvokeComplete). The framing is the one the SDK's own codec (@smithy/core
 * event-streams) decodes: lambda-invoke.test.ts reads these messages through the real SDK.
 */
export function eventMessage(headers: Record<string, string>, payload: Uint8Array): Buffer {
  const encodedHeaders = Buffer.concat(
    Object.entries(headers).map(([name, value]) => {
      const nameBytes = Buffer.from(name, "utf8");
      const valueBytes = Buffer.from(value, "utf8");
      const head = Buffer.alloc(1 + nameBytes.length + 1 + 2);
      head.writeUInt8(nameBytes.length, 0);
      nameBytes.copy(head, 1);
      head.writeUInt8(7, 1 + nameBytes.length);
      head.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
      return Buffer.concat([head, valueBytes]);
    }),
  );
  const total = 12 + encodedHeaders.length + payload.length + 4;
  const prelude = Buffer.alloc(12);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(encodedHeaders.length, 4);
  prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
  const body = Buffer.concat([prelude, encodedHeaders, payload]);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([body, trailer]);
}

/** One PayloadChunk event: a piece of the function's streamed response, as the function sent it. */
export function payloadChunk(bytes: Uint8Array): Buffer {
  return eventMessage(
    { ":event-type": "PayloadChunk", ":content-type": "application/octet-stream", ":message-type": "event" },
    bytes,
  );
}

/** The InvokeComplete event that ends the stream; ErrorCode and ErrorDetails when the function failed. */
export function invokeComplete(fields: { ErrorCode?: string; ErrorDetails?: string; LogResult?: string }): Buffer {
  return eventMessage(
    { ":event-type": "InvokeComplete", ":content-type": "application/json", ":message-type": "event" },
    Buffer.from(JSON.stringify(fields)),
  );
}
