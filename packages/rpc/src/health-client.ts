import { Client, credentials, type ChannelCredentials, type ServiceError } from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";

const check = healthService.Check!;

/** Asks a server's grpc.health.v1 for its status ("SERVING", "NOT_SERVING", ...); TLS with credentials from tls.ts. */
export function checkHealth(address: string, deadlineMs: number, service = "", channelCredentials: ChannelCredentials = credentials.createInsecure()): Promise<string> {
  const client = new Client(address, channelCredentials);
  return new Promise<string>((resolve, reject) => {
    client.makeUnaryRequest(
      check.path,
      check.requestSerialize,
      check.responseDeserialize,
      { service },
      { deadline: Date.now() + deadlineMs },
      (err: ServiceError | null, response?: unknown) => {
        client.close();
        if (err) reject(err);
        else resolve(String((response as { status: string | number }).status));
      },
    );
  });
}

/** Polls until the server reports SERVING; rejects with the last status or error after timeoutMs. */
export async function waitForServing(address: string, timeoutMs: number, isAlive: () => boolean = () => true, channelCredentials?: ChannelCredentials): Promise<void> {
  const giveUp = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < giveUp && isAlive()) {
    try {
      last = await checkHealth(address, 500, "", channelCredentials);
      if (last === "SERVING") return;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${address} not SERVING after ${timeoutMs} ms (${isAlive() ? last : "process exited"})`);
}
