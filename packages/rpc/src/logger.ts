import { pino, type Logger } from "pino";

export type { Logger };

/** One JSON logger per service; children carry the component name. */
export function createLogger(service: string, level = "info"): Logger {
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}
