import { create, fromBinary, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import type { DescMethod, DescService } from "@bufbuild/protobuf";
import type { MethodDefinition } from "@grpc/grpc-js";

/** The HTTP/2 path gRPC uses for a method: /package.Service/Method. */
export const methodPath = (method: DescMethod) => `/${method.parent.typeName}/${method.name}`;

const serializer = <M extends DescMessage>(schema: M) => (value: MessageShape<M>) => {
  // toBinary hands back a fresh array of its own: view it as a Buffer rather than copy it.
  const bytes = toBinary(schema, value);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
};
const deserializer = <M extends DescMessage>(schema: M) => (bytes: Buffer) => fromBinary(schema, bytes);

/** A grpc-js method definition whose (de)serializers are protobuf-es, from the generated descriptor. */
export function grpcMethodDefinition(method: DescMethod): MethodDefinition<unknown, unknown> {
  if (method.methodKind !== "unary") throw new Error(`${methodPath(method)}: only unary methods are supported`);
  return {
    path: methodPath(method),
    requestStream: false,
    responseStream: false,
    requestSerialize: serializer(method.input) as (value: unknown) => Buffer,
    requestDeserialize: deserializer(method.input),
    responseSerialize: serializer(method.output) as (value: unknown) => Buffer,
    responseDeserialize: deserializer(method.output),
    originalName: method.localName,
  };
}

/**
 * A request whose bytes are not a message of the method's input type. The server's
 * deserializer returns it instead of throwing, because grpc-js answers a throwing deserializer
 * with INTERNAL, where the caller's bytes are at fault: the handler wrapper refuses it with
 * INVALID_ARGUMENT.
 */
export class UndecodableRequest {
  constructor(readonly reason: string) {}
}

const tolerantDeserializer = <M extends DescMessage>(schema: M) => (bytes: Buffer) => {
  try {
    return fromBinary(schema, bytes);
  } catch (err) {
    return new UndecodableRequest(err instanceof Error ? err.message : String(err));
  }
};

/** The server side of a service: requests that do not decode reach the handler wrapper as UndecodableRequest. */
export const grpcServiceDefinition = (service: DescService) =>
  Object.fromEntries(service.methods.map((method) => [method.localName, { ...grpcMethodDefinition(method), requestDeserialize: tolerantDeserializer(method.input) }]));

export { create };
