export * from "./entities";
export * from "./analysis-entity";
