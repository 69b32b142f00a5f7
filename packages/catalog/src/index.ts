export * from "./handlers.js";
export * from "./validate.js";
