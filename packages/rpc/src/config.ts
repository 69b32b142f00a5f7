import { z } from "zod";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Validates environment variables against a zod object schema at start-up, so a service
 * refuses to start with a message that names every missing or bad variable.
 */
export function loadConfig<T extends z.ZodObject>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join(".");
    const value = env[variable];
    const shown = value === undefined ? "is not set" : `is ${JSON.stringify(value)}`;
    return `${variable} ${shown}: ${issue.message}`;
  });
  throw new ConfigError(`invalid configuration:\n  ${problems.join("\n  ")}`);
}

/** A TCP port from an env string, with a default. */
export const portVar = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** A positive integer from an env string, with a default. */
export const positiveIntVar = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** A host:port address of a peer service. */
export const addressVar = (fallback: string) =>
  z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, "expected host:port")
    .default(fallback);

/** "true" or "false" (nothing else, so a typo such as "ture" is refused rather than read as false). */
export const booleanVar = (fallback: boolean) =>
  z
    .enum(["true", "false"], { message: 'expected "true" or "false"' })
    .default(fallback ? "true" : "false")
    .transform((value) => value === "true");

export const logLevelVar = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info");
