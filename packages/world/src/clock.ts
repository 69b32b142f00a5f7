export const SECOND_MS = 1000;
export const DAY_MS = 86_400_000;

/** "Now" unless told otherwise: a fixed instant, so the same seed gives byte-identical output. */
export const DEFAULT_NOW_MS = Date.UTC(2026, 10, 1);
