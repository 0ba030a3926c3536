export { startLocalStack, DEFAULT_PORTS, type LocalStack, type LocalStackOptions } from "./stack";
export { PortInUseError, PORT_ENV } from "./net";
