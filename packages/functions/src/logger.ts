/** Structured JSON logs, one object per line, so CloudWatch and a terminal both read them. */
export type LogFields = Record<string, unknown>;
export type Logger = (level: "info" | "warn" | "error", message: string, fields?: LogFields) => void;

export const jsonLogger: Logger = (level, message, fields = {}) => {
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields }, errorReplacer);
  (level === "info" ? console.log : console.error)(line);
};

export const silentLogger: Logger = () => {};

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}
