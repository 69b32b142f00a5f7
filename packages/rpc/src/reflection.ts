import { toBinary } from "@bufbuild/protobuf";
import type { DescFile, DescService } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { ReflectionService } from "@grpc/reflection";
import type { Server } from "@grpc/grpc-js";

function collectFiles(file: DescFile, into: Map<string, DescFile>) {
  if (into.has(file.name)) return;
  into.set(file.name, file);
  for (const dependency of file.dependencies) collectFiles(dependency, into);
}

/**
 * Serves grpc.reflection (v1 and v1alpha) from the protobuf-es descriptors, so grpcurl and
 * other tools can discover the API without the .proto files. @grpc/reflection reads
 * proto-loader-style package definitions; this feeds it the serialized file descriptors.
 */
export function addReflection(server: Server, services: DescService[]) {
  const files = new Map<string, DescFile>();
  for (const service of services) collectFiles(service.file, files);
  const fileDescriptorProtos = [...files.values()].map((file) => Buffer.from(toBinary(FileDescriptorProtoSchema, file.proto)));
  const definition = Object.fromEntries(services.map((service) => [service.typeName, { fileDescriptorProtos }]));
  // The constructor only reads fileDescriptorProtos from each entry.
  new ReflectionService(definition as never).addToServer(server);
}
