export * from "./interactions.js";
export * from "./recommender.js";
export * from "./id-index.js";
