export * from "./limits";
export * from "./result";
export * from "./request";
export * from "./output";
export * from "./trace";
