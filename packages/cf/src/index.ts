export * from "./interactions.js";
export * from "./recommender.js";
