import { describeFormatError } from "./format-error";

/**
 * Ruff's formatter compiled to WebAssembly (@wasm-fmt/ruff_fmt), loaded on first use from the app's
 * own assets (Vite emits the .wasm next to the bundle): no CDN, works offline.
 */
let formatter: Promise<(code: string) => string> | null = null;

function load(): Promise<(code: string) => string> {
  formatter ??= import("@wasm-fmt/ruff_fmt/vite")
    .then(async (module) => {
      await module.default();
      return (code: string) =>
        module.format(code, undefined, { indent_style: "space", indent_width: 4, line_width: 88 });
    })
    .catch((error: unknown) => {
      formatter = null;
      throw error;
    });
  return formatter;
}

export type FormatOutcome = { ok: true; code: string } | { ok: false; message: string; line: number | null };

/** Format Python source; a syntax error (or a formatter that failed to load) is a message, never lost code. */
export async function formatPython(code: string): Promise<FormatOutcome> {
  let format: (code: string) => string;
  try {
    format = await load();
  } catch (error) {
    return {
      ok: false,
      message: `The formatter could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
      line: null,
    };
  }
  try {
    return { ok: true, code: format(code) };
  } catch (error) {
    return { ok: false, ...describeFormatError(code, error instanceof Error ? error.message : String(error)) };
  }
}
