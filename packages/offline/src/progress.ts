/** Reports how far a long job has come; the CLI draws it as a progress bar. */
export type { Progress } from "@homefeed/world";
