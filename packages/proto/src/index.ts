// Every generated contract, re-exported under one import so services never reach into gen/.
export * from "./gen/homefeed/feed/v1/feed_pb.js";
export * from "./gen/homefeed/feed/v1/inspection_pb.js";
export * from "./gen/homefeed/inspector/v1/inspector_pb.js";
export * from "./gen/homefeed/candidates/v1/candidates_pb.js";
export * from "./gen/homefeed/catalog/v1/catalog_pb.js";
export * from "./gen/homefeed/features/v1/features_pb.js";
export * from "./gen/homefeed/ranking/v1/ranking_pb.js";
export * from "./gen/homefeed/signals/v1/signals_pb.js";
export * from "./gen/homefeed/storage/v1/records_pb.js";
export * from "./gen/homefeed/storage/v1/feed_session_pb.js";
export * from "./gen/homefeed/experiments/v1/experiments_pb.js";
export * from "./gen/homefeed/rollouts/v1/rollouts_pb.js";
export * from "./ids.js";
export * from "./limits.js";
export * from "./candidate-sources.js";
export * from "./packed-doubles.js";
export * from "./repeated.js";
