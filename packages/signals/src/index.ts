export * from "./counter-updater.js";
export * from "./event-types.js";
export * from "./handlers.js";
export * from "./recorder.js";
export * from "./validate.js";
