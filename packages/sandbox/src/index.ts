export { ProcessSandbox, type ProcessSandboxOptions, type SandboxStats } from "./process-sandbox";
export { RoutedSandbox, usesScientificLibraries } from "./routed-sandbox";
export { bubblewrapAvailable } from "./bubblewrap";
export { resolvePython } from "./python";
export { internalError, cancelled } from "./results";
