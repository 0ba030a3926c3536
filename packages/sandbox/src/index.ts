export { ProcessSandbox, type ProcessSandboxOptions, type SandboxStats } from "./process-sandbox";
export { RoutedSandbox, usesScientificLibraries } from "./routed-sandbox";
export { bubblewrapAvailable } from "./bubblewrap";
export { resolvePython } from "./python";
export { internalError, cancelled } from "./results";
export { LambdaFaithfulSandbox } from "./lambda-faithful-sandbox";
export { LambdaFunction, LambdaThrottled, LAMBDA_ACCOUNT_ID, type LambdaFunctionOptions } from "./lambda-function";
export { LAMBDA_UID, type InvokeOutcome, type LambdaCredentials } from "./lambda-environment";
