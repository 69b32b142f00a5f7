import { Client, credentials, Metadata, status, type ServiceError } from "@grpc/grpc-js";

/** How a call ended: its status code and message ("" for OK), and the response when OK. */
export interface CallOutcome<T = unknown> {
  code: status;
  details: string;
  response?: T;
}

/** The outcome of a typed client's call, whether it succeeded or failed. */
export function outcomeOf<T>(call: Promise<T>): Promise<CallOutcome<T>> {
  return call.then(
    (response) => ({ code: status.OK, details: "", response }),
    (err: ServiceError) => ({ code: err.code, details: err.details }),
  );
}

const passThrough = (bytes: Buffer) => bytes;

/**
 * A gRPC client that sends request bodies as given bytes (grpc-js with a pass-through
 * serializer), to see what a server makes of bytes no client library would send.
 */
export class RawGrpcClient {
  private readonly channel: Client;

  constructor(address: string) {
    this.channel = new Client(address, credentials.createInsecure(), {});
  }

  /** Sends `body` to `path` ("/package.Service/Method"). */
  call(path: string, body: Buffer, timeoutMs = 10_000): Promise<CallOutcome<Buffer>> {
    return new Promise((resolve) => {
      this.channel.makeUnaryRequest(path, passThrough, passThrough, body, new Metadata(), { deadline: new Date(Date.now() + timeoutMs) }, (err: ServiceError | null, response?: Buffer) =>
        resolve(err ? { code: err.code, details: err.details } : { code: status.OK, details: "", ...(response ? { response } : {}) }),
      );
    });
  }

  close() {
    this.channel.close();
  }
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  for (; value >= 0x80; value = Math.floor(value / 0x80)) bytes.push((value % 0x80) | 0x80);
  bytes.push(value);
  return Buffer.from(bytes);
}

/**
 * A protobuf message of exactly `size` bytes (at least 3) that any request type decodes: one
 * length-delimited field numbered 15, which no request declares, so decoders skip it.
 */
export function messageOfSize(size: number): Buffer {
  const TAG = Buffer.from([(15 << 3) | 2]);
  let length = size - 2;
  while (TAG.length + varint(length).length + length > size) length--;
  return Buffer.concat([TAG, varint(length), Buffer.alloc(length, "a")]);
}
