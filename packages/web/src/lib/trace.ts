import type {
  LineProfile,
  LineSamples,
  Result,
  Trace,
  TraceHeapObject,
  TraceStep,
  TraceValue,
} from "@code-remote/core/execution";

/**
 * The step view's pure logic: which lines to light, how heap objects are labelled (one label and
 * one colour per id, so aliasing is visible), the variables as a tree, the output so far, and the
 * heat map's scale.
 */

/** The editor's marks at a step: the line about to run, and the line that ran just before it. */
export interface StepLines {
  current: number;
  /** The line executed just before this step (null at the first step or when it is the same line). */
  previous: number | null;
  exception: boolean;
}

export function stepLines(trace: Pick<Trace, "steps">, index: number): StepLines | null {
  const step = trace.steps[index];
  if (!step) return null;
  const before = index > 0 ? trace.steps[index - 1]!.line : null;
  return {
    current: step.line,
    previous: before !== null && before !== step.line ? before : null,
    exception: step.event === "exception",
  };
}

/** The index the key moves to (←/→ one step, Home/End first/last), or null for other keys. */
export function indexForKey(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  switch (key) {
    case "ArrowLeft":
      return Math.max(0, index - 1);
    case "ArrowRight":
      return Math.min(last, index + 1);
    case "Home":
      return 0;
    case "End":
      return last;
    default:
      return null;
  }
}

export interface HeapLabel {
  /** "list #3": the kind, and a number given in order of first appearance in the trace. */
  label: string;
  /** A hue (0–359) for the label's colour; neighbours in numbering get far-apart hues. */
  hue: number;
}

const kindOf = (object: TraceHeapObject): string =>
  object.t === "object" || object.t === "other" ? object.type : object.t;

/** One label per heap id over the whole trace (stable while stepping: the same object keeps its name). */
export function heapLabels(trace: Pick<Trace, "steps">): Map<string, HeapLabel> {
  const labels = new Map<string, HeapLabel>();
  for (const step of trace.steps) {
    for (const [id, object] of Object.entries(step.heap)) {
      if (labels.has(id)) continue;
      const number = labels.size + 1;
      labels.set(id, { label: `${kindOf(object)} #${number}`, hue: Math.round((number * 137.508) % 360) });
    }
  }
  return labels;
}

/** A variable (or an item, entry or attribute) as a node of the frames panel's tree. */
export interface ValueNode {
  name: string;
  /** The value as text: `5`, `'abc'`, `None`, or `list (4 items)` for a container. */
  text: string;
  kind: TraceValue["t"] | TraceHeapObject["t"];
  /** Set for heap objects: the object's id, label and colour (the same for every name bound to it). */
  ref?: { id: string } & HeapLabel;
  /** Shown again deeper in its own path (a cycle): no children, marked instead. */
  cycle?: boolean;
  /** Items left out by the tracer (beyond its cap), or characters cut from a string. */
  omitted?: number;
  children?: ValueNode[];
}

const quote = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;

/** A primitive's text (Python's notation); refs are described by valueNode. */
export function primitiveText(value: Exclude<TraceValue, { t: "ref" }>): string {
  switch (value.t) {
    case "none":
      return "None";
    case "bool":
      return value.v ? "True" : "False";
    case "int":
    case "float":
      return value.v;
    case "str":
      return quote(value.v) + (value.omitted ? "…" : "");
  }
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function objectSummary(object: TraceHeapObject): string {
  switch (object.t) {
    case "list":
    case "tuple":
    case "set":
    case "frozenset":
    case "deque":
      return `${object.t} (${count(object.items.length + (object.omitted ?? 0), "item")})`;
    case "dict":
      return `dict (${count(object.entries.length + (object.omitted ?? 0), "entry").replace("entrys", "entries")})`;
    case "object":
      return `${object.type} object`;
    case "function":
    case "class":
    case "module":
      return `${object.t} ${object.name}`;
    case "other":
      return object.type;
  }
}

/** A value as a tree node, opening heap objects (each at most once per path: cycles are marked). */
export function valueNode(
  name: string,
  value: TraceValue,
  heap: TraceStep["heap"],
  labels: Map<string, HeapLabel>,
  path: ReadonlySet<string> = new Set(),
): ValueNode {
  if (value.t !== "ref")
    return {
      name,
      text: primitiveText(value),
      kind: value.t,
      ...(value.t === "str" && value.omitted ? { omitted: value.omitted } : {}),
    };
  const object = heap[value.id];
  const label = labels.get(value.id) ?? { label: `#${value.id}`, hue: 0 };
  const ref = { id: value.id, ...label };
  if (!object) return { name, text: "(not recorded)", kind: "other", ref };
  const base = {
    name,
    text: objectSummary(object),
    kind: object.t,
    ref,
    ...("omitted" in object && object.omitted ? { omitted: object.omitted } : {}),
  };
  if (path.has(value.id)) return { ...base, cycle: true };
  const inner = new Set(path).add(value.id);
  const child = (childName: string, childValue: TraceValue) => valueNode(childName, childValue, heap, labels, inner);
  switch (object.t) {
    case "list":
    case "tuple":
    case "set":
    case "frozenset":
    case "deque":
      return {
        ...base,
        children: object.items.map((item, i) =>
          child(object.t === "set" || object.t === "frozenset" ? "·" : String(i), item),
        ),
      };
    case "dict":
      return {
        ...base,
        children: object.entries.map(([key, item]) =>
          child(key.t === "ref" ? `{${labels.get(key.id)?.label ?? key.id}}` : primitiveText(key), item),
        ),
      };
    case "object":
      return { ...base, children: object.attrs.map(([attr, item]) => child(attr, item)) };
    default:
      return base;
  }
}

/** Each frame of a step, innermost last, with its locals as trees. */
export function framesAt(step: TraceStep, labels: Map<string, HeapLabel>) {
  return step.stack.map((frame, depth) => ({
    key: `${depth}:${frame.name}`,
    name: frame.name,
    line: frame.line,
    variables: frame.locals.map(([name, value]) => valueNode(name, value, step.heap, labels)),
  }));
}

/** Heap ids bound to more than one name or slot at a step: the aliases the panel points out. */
export function sharedIds(step: TraceStep): Set<string> {
  const seen = new Map<string, number>();
  const visit = (value: TraceValue) => {
    if (value.t === "ref") seen.set(value.id, (seen.get(value.id) ?? 0) + 1);
  };
  for (const frame of step.stack) for (const [, value] of frame.locals) visit(value);
  for (const object of Object.values(step.heap)) {
    if ("items" in object) for (const item of object.items) visit(item);
    if (object.t === "dict") {
      for (const [k, v] of object.entries) {
        visit(k);
        visit(v);
      }
    }
    if (object.t === "object") for (const [, v] of object.attrs) visit(v);
  }
  return new Set([...seen].filter(([, n]) => n > 1).map(([id]) => id));
}

/** What the program had printed before this step (result.stdout cut at the step's stdoutLength). */
export const outputAt = (stdout: string, step: Pick<TraceStep, "stdoutLength"> | undefined): string =>
  step ? stdout.slice(0, step.stdoutLength) : stdout;

/** One sentence for a step: what happens here. */
export function describeStep(step: TraceStep): string {
  const where = step.stack.at(-1)?.name ?? "<module>";
  const inside = where === "<module>" ? "at the top level" : `in ${where}`;
  switch (step.event) {
    case "call":
      return where === "<module>" ? `The program starts (line ${step.line})` : `Calls ${where} (line ${step.line})`;
    case "return": {
      const value = step.returned;
      const text = value === undefined ? "" : value.t === "ref" ? " an object" : ` ${primitiveText(value)}`;
      return `Returns${text} from ${where} (line ${step.line})`;
    }
    case "exception":
      return `Raises ${step.exception?.type ?? "an exception"}${step.exception?.message ? `: ${step.exception.message}` : ""} on line ${step.line} ${inside}`;
    default:
      return `Line ${step.line} ${inside}`;
  }
}

/** The "trace truncated" sentence, or null when the whole run was recorded. */
export function truncationNote(trace: Pick<Trace, "truncated" | "stoppedAt" | "steps">): string | null {
  if (!trace.truncated) return null;
  const at = trace.stoppedAt ?? trace.steps.length;
  return `Trace truncated at step ${at}: the program ran on to its end (its output below is complete), but later steps were not recorded.`;
}

export interface HeatLine {
  line: number;
  /** Counted heat map (profile): times the line ran. */
  hits?: number;
  /** Sampled heat map (every run): CPU samples that landed on the line. */
  samples?: number;
  ms: number;
  /** 1 (coolest) … HEAT_LEVELS (hottest), by the line's share of the time (of the hits when no time was measured). */
  level: number;
  /** Share of the total time (or hits), 0–1. */
  share: number;
  title: string;
}

export const HEAT_LEVELS = 5;

/**
 * A run's heat map, as the runner collected it: every line counted (`profile: true`, a trace run)
 * or the CPU sampled (every other ordinary run). The counted one wins when both are there.
 */
export type HeatSource = { kind: "counted"; lines: LineProfile } | { kind: "sampled"; lines: LineSamples };

export function heatSourceOf(result: Result | undefined): HeatSource | undefined {
  if (result?.profile && result.profile.length > 0) return { kind: "counted", lines: result.profile };
  if (result?.lineSamples && result.lineSamples.length > 0) return { kind: "sampled", lines: result.lineSamples };
  return undefined;
}

/** The heat map: each line with its level on a square-root scale (a few hot lines do not wash out the rest). */
export function heatLines(source: HeatSource): HeatLine[] {
  const entries: { line: number; count: number; ms: number }[] =
    source.kind === "counted"
      ? source.lines.map((p) => ({ line: p.line, count: p.hits, ms: p.ms }))
      : source.lines.map((p) => ({ line: p.line, count: p.samples, ms: p.ms }));
  const totalMs = entries.reduce((s, p) => s + p.ms, 0);
  const byTime = totalMs > 0;
  const weight = (p: (typeof entries)[number]) => (byTime ? p.ms : p.count);
  const max = Math.max(0, ...entries.map(weight));
  const total = byTime ? totalMs : entries.reduce((s, p) => s + p.count, 0);
  return entries.map((p) => {
    const w = weight(p);
    const level = max > 0 ? Math.max(1, Math.ceil(Math.sqrt(w / max) * HEAT_LEVELS)) : 1;
    const share = total > 0 ? w / total : 0;
    const percent = Math.round(share * 100);
    return {
      line: p.line,
      ...(source.kind === "counted" ? { hits: p.count } : { samples: p.count }),
      ms: p.ms,
      level,
      share,
      title:
        source.kind === "counted"
          ? `Line ${p.line}: ${plural(p.count, "hit")}, ${msText(p.ms)} (${percent} % of the ${byTime ? "time" : "hits"})`
          : `Line ${p.line}: ~${msText(p.ms)} of CPU (${percent} % of the sampled time, ${plural(p.count, "sample")})`,
    };
  });
}

const plural = (count: number, noun: string) => `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;

function msText(ms: number): string {
  return ms >= 100 ? `${Math.round(ms)} ms` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(3)} ms`;
}
