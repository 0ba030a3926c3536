/** Structured JSON logs, one object per line, so CloudWatch and a terminal both read them. */
export type LogFields = Record<string, unknown>;
export type Logger = (level: "info" | "warn" | "error", message: string, fields?: LogFields) => void;

export const jsonLogger: Logger = (level, message, fields = {}) => {
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields }, errorReplacer);
  (level === "info" ? console.log : console.error)(line);
};

export const silentLogger: Logger = () => {};

export type LogLevel = Parameters<Logger>[0];
const SEVERITY: Record<LogLevel, number> = { info: 0, warn: 1, error: 2 };

/** `logger`, writing only lines at `least` or more severe (CR_LOG_LEVEL). */
export function atLeast(least: LogLevel, logger: Logger): Logger {
  return (level, message, fields) => {
    if (SEVERITY[level] >= SEVERITY[least]) logger(level, message, fields);
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}
