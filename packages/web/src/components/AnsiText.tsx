import { type CSSProperties, memo } from "react";
import { type AnsiStyle, parseAnsi } from "../lib/ansi";

const colour = (value: number | string) => (typeof value === "number" ? `var(--ansi-${value})` : value);

function cssOf(style: AnsiStyle): CSSProperties | undefined {
  const fg = style.inverse ? style.bg : style.fg;
  const bg = style.inverse ? (style.fg ?? "var(--text)") : style.bg;
  const css: CSSProperties = {};
  if (fg !== undefined) css.color = colour(fg);
  if (bg !== undefined) css.backgroundColor = colour(bg);
  if (style.bold) css.fontWeight = 700;
  if (style.dim) css.opacity = 0.7;
  if (style.italic) css.fontStyle = "italic";
  if (style.underline) css.textDecoration = "underline";
  return Object.keys(css).length > 0 ? css : undefined;
}

/** Program output with its ANSI colours shown and other escape sequences hidden (lib/ansi.ts). */
export const AnsiText = memo(function AnsiText({ text }: { text: string }) {
  const runs = parseAnsi(text);
  if (runs.length === 1 && cssOf(runs[0]!.style) === undefined) return <>{runs[0]!.text}</>;
  return (
    <>
      {runs.map((run, i) => (
        <span key={i} style={cssOf(run.style)}>
          {run.text}
        </span>
      ))}
    </>
  );
});
