import { InvalidArgumentError } from "commander";

/** An ISO time or epoch milliseconds, as epoch milliseconds. */
export function timeOption(value: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new InvalidArgumentError("expected an ISO time (2026-11-28T10:00:00Z) or epoch milliseconds");
  return ms;
}

/** "30m", "1h", "7d" as milliseconds. */
export function durationOption(value: string): number {
  const match = /^(\d+)([smhd])$/.exec(value);
  if (!match) throw new InvalidArgumentError("expected a duration such as 30m, 1h or 7d");
  return Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "s" | "m" | "h" | "d"];
}

export function numberOption(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError("expected a number");
  return parsed;
}

/** A whole number of at least 1. */
export function positiveIntOption(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError("expected a whole number of at least 1");
  return parsed;
}

/** A number from 0 to 1 (a share or a rate). */
export function fractionOption(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) throw new InvalidArgumentError("expected a number from 0 to 1");
  return parsed;
}
