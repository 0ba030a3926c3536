"""Where a job's trace and line profile travel from the child to the runner, and the runner's
checks of what arrives.

Transport: like the report page and the figures region (child.py, figures.py), an anonymous
MAP_SHARED region the runner maps before forking, never a file or an fd. The child writes it while
the job runs (tracer.py), so a job the runner kills at a limit still leaves what it recorded so
far; the runner reads it only once the child is reaped. User code can write the region (it lives
in the job's process), so the runner believes nothing in it beyond what the user owns anyway (the
trace of their own program) and checks every part: sizes and counts against the caps, the steps'
JSON nesting before parsing, every step against the trace schema, every profile entry's line,
hits and time. A forged region can only give the user a wrong picture of their own run, never
another field of the Result.

Layout (little-endian):
  header   magic, steps_bytes, truncated, stopped_at (u64), current slot, entries in slot 0 and 1
  steps    step JSON objects separated by commas, at most STEPS_CAPACITY bytes, append-only
  slot 0   line table: (line u32, hits u64, seconds f64) per line with hits
  slot 1   the same; the child writes the slot that is not current, then flips `current`
           (a job killed mid-write leaves the previous table whole)

Caps match packages/core/src/execution/trace.ts (test: tracer.test.ts reads both).
"""

import codecs
import json
import math
import struct

MAX_TRACE_STEPS = 1000
MAX_TRACE_BYTES = 2 * 1024 * 1024
MAX_TRACE_ITEMS = 50
MAX_TRACE_STRING = 200
# Lines in Result.profile at most (the hottest by time): the profile lives in the job's table item.
MAX_PROFILE_LINES = 1000
# Room kept for the rest of the trace (lineCounts, flags) when the child decides to stop recording;
# the runner still trims steps if the whole would exceed MAX_TRACE_BYTES.
STEPS_RESERVE = 64 * 1024
STEPS_CAPACITY = MAX_TRACE_BYTES - STEPS_RESERVE
# Code is at most 64 KiB, so at most ~32 768 lines can each hold a statement: 40 000 entries cover it.
MAX_LINES = 40_000

MAGIC = 0x54524331  # "TRC1"
HEADER = struct.Struct("<IIIIQIII")  # magic, steps_bytes, truncated, reserved, stopped_at, current, n0, n1
HEADER_BYTES = 64
ENTRY = struct.Struct("<IQd")
SLOT_BYTES = MAX_LINES * ENTRY.size
STEPS_OFFSET = HEADER_BYTES
SLOT_OFFSETS = (STEPS_OFFSET + STEPS_CAPACITY, STEPS_OFFSET + STEPS_CAPACITY + SLOT_BYTES)
REGION_BYTES = SLOT_OFFSETS[1] + SLOT_BYTES
STEP_MAX_DEPTH = 7  # step > stack|heap > frame|object > locals|items > pair > value > (none)

TRACE_EVENTS = ("line", "call", "return", "exception")


# --- both sides ---------------------------------------------------------------------------------

def clear(region):
    region.seek(0)
    region.write(b"\0" * HEADER_BYTES)


# --- child side (tracer.py) -----------------------------------------------------------------------

class Writer:
    """The child's view: append steps, publish line tables, set the flags."""

    def __init__(self, region):
        self.region = region
        self.steps_bytes = 0
        self.truncated = 0
        self.stopped_at = 0
        self.current = 0
        self.counts = [0, 0]
        self._header()

    def room_for(self, size):
        """Whether `size` more bytes of step JSON (and a comma) still fit."""
        return self.steps_bytes + size + 1 <= STEPS_CAPACITY

    def append_step(self, data):
        offset = STEPS_OFFSET + self.steps_bytes
        if self.steps_bytes:
            self.region[offset: offset + 1] = b","
            offset += 1
            self.steps_bytes += 1
        self.region[offset: offset + len(data)] = data
        self.steps_bytes += len(data)
        self._header()

    def stop(self, stopped_at):
        self.truncated, self.stopped_at = 1, stopped_at
        self._header()

    def publish(self, table):
        """table: [(line, hits, seconds)], at most MAX_LINES (the rest is dropped)."""
        slot = 1 - self.current
        offset = SLOT_OFFSETS[slot]
        count = 0
        pack = ENTRY.pack_into
        region = self.region
        for line, hits, seconds in table:
            if count >= MAX_LINES:
                break
            pack(region, offset, line, hits, seconds)
            offset += ENTRY.size
            count += 1
        self.counts[slot] = count
        self._header()  # the new slot's count first ...
        self.current = slot
        self._header()  # ... then make it current

    def _header(self):
        HEADER.pack_into(self.region, 0, MAGIC, self.steps_bytes, self.truncated, 0, self.stopped_at,
                         self.current, self.counts[0], self.counts[1])


# --- runner side ----------------------------------------------------------------------------------

def read(region, mode, want_profile, code, stdout):
    """(trace or None, profile or None) from what the child left, checked. mode: "run" | "trace";
    code: the user's program (lines are checked against it); stdout: the bytes the runner read from
    the job's stdout (step offsets, in bytes, become lengths of the Result's stdout string)."""
    magic, steps_bytes, truncated, _, stopped_at, current, n0, n1 = HEADER.unpack(bytes(region[:HEADER.size]))
    if magic != MAGIC:
        return None, None
    table = _line_table(region, current, (n0, n1), code.count("\n") + 1)
    profile = _hottest(table, "hits") if (want_profile or mode == "trace") and table is not None else None
    if mode != "trace":
        return None, profile
    steps = _steps(region, steps_bytes)
    if steps is None or table is None:
        return None, profile
    _stdout_lengths(steps, stdout)
    trace = {
        "steps": steps,
        "truncated": bool(truncated),
        "lineCounts": {str(line): hits for line, hits, _ in table},
    }
    if truncated:
        trace["stoppedAt"] = min(stopped_at, 2 ** 53 - 1)
    return _within_bytes(trace), profile


def read_samples(region, code):
    """The sampled heat map of an ordinary run (tracer._sampler), checked like a line table:
    [{line, samples, ms}] for the lines that had samples, at most MAX_PROFILE_LINES (the hottest)."""
    magic, _, _, _, _, current, n0, n1 = HEADER.unpack(bytes(region[:HEADER.size]))
    if magic != MAGIC:
        return None
    table = _line_table(region, current, (n0, n1), code.count("\n") + 1)
    return _hottest(table, "samples") if table is not None else None


def _line_table(region, current, counts, last_line):
    if current not in (0, 1) or counts[current] > MAX_LINES:
        return None
    table, offset = {}, SLOT_OFFSETS[current]
    for _ in range(counts[current]):
        line, hits, seconds = ENTRY.unpack_from(region, offset)
        offset += ENTRY.size
        if not (1 <= line <= last_line and 1 <= hits < 2 ** 53 and math.isfinite(seconds) and seconds >= 0):
            continue  # forged: drop the entry
        table[line] = (hits, seconds)
    return [(line, hits, seconds) for line, (hits, seconds) in sorted(table.items())]


def _hottest(table, count_name):
    """A checked line table as Result entries ({line, <count_name>, ms}, lines in order): the counted
    profile ("hits") and the sampled heat map ("samples") alike, at most MAX_PROFILE_LINES, the hottest."""
    hottest = sorted(table, key=lambda entry: entry[2], reverse=True)[:MAX_PROFILE_LINES]
    return [{"line": line, count_name: count, "ms": round(seconds * 1000, 3)} for line, count, seconds in sorted(hottest)]


def profile_bytes(profile):
    """What a profile adds to the Result, in bytes of JSON."""
    return _json_bytes(profile)


def _steps(region, steps_bytes):
    if steps_bytes > STEPS_CAPACITY:
        return None
    data = bytes(region[STEPS_OFFSET: STEPS_OFFSET + steps_bytes])
    if _nesting(data) > STEP_MAX_DEPTH:
        return None
    try:
        steps = json.loads(b"[" + data + b"]")
    except Exception:  # noqa: BLE001 - ValueError, RecursionError, MemoryError, UnicodeDecodeError...
        return None
    if not isinstance(steps, list) or len(steps) > MAX_TRACE_STEPS:
        return None
    return steps if all(_valid_step(step) for step in steps) else None


def _nesting(data):
    """An upper bound of the JSON nesting depth (brackets inside strings count too)."""
    depth = deepest = 0
    for byte in data.translate(None, _NOT_BRACKETS):
        depth += 1 if byte in b"[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > STEP_MAX_DEPTH:
                break
    return deepest


_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def _stdout_lengths(steps, stdout):
    """Each step's stdoutLength arrives in bytes of the job's stdout; the Result's stdout is those
    bytes decoded (invalid UTF-8 as U+FFFD) and read by JavaScript, so the length becomes UTF-16
    code units of the decoded prefix (a character cut in half is not counted yet)."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    position, length = 0, 0
    for step in steps:
        wanted = min(max(step["stdoutLength"], position), len(stdout))
        if wanted > position:
            text = decoder.decode(stdout[position:wanted])
            length += len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
            position = wanted
        step["stdoutLength"] = length


def _within_bytes(trace):
    """Drop trailing steps until the trace's JSON fits MAX_TRACE_BYTES (as UTF-8)."""
    size = _json_bytes(trace)
    if size <= MAX_TRACE_BYTES:
        return trace
    steps = trace["steps"]
    sizes = [_json_bytes(step) + 1 for step in steps]
    while steps and size > MAX_TRACE_BYTES:
        steps.pop()
        size -= sizes.pop()
    if not trace["truncated"]:
        trace["truncated"] = True
        trace["stoppedAt"] = 0
    return trace if size <= MAX_TRACE_BYTES else None


def _json_bytes(value):
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "replace"))


# The trace schema (packages/core/src/execution/trace.ts), checked here so a forged step never
# reaches the driver's parse. Strings are any JSON strings: the user's own data.

def _is_int(value):
    return type(value) is int


def _valid_value(value):
    if type(value) is not dict:
        return False
    kind = value.get("t")
    keys = value.keys()
    if kind == "none":
        return keys == {"t"}
    if kind == "bool":
        return keys == {"t", "v"} and type(value["v"]) is bool
    if kind in ("int", "float"):
        return keys == {"t", "v"} and type(value["v"]) is str
    if kind == "str":
        return keys <= {"t", "v", "omitted"} and "v" in value and type(value["v"]) is str and _omitted(value)
    if kind == "ref":
        return keys == {"t", "id"} and type(value["id"]) is str
    return False


def _omitted(value):
    omitted = value.get("omitted", 1)
    return _is_int(omitted) and omitted > 0


def _valid_heap_object(entry):
    if type(entry) is not dict:
        return False
    kind = entry.get("t")
    keys = entry.keys()
    if kind in ("list", "tuple", "set", "frozenset", "deque"):
        return (keys <= {"t", "items", "omitted"} and type(entry.get("items")) is list and _omitted(entry)
                and all(_valid_value(item) for item in entry["items"]))
    if kind == "dict":
        return (keys <= {"t", "entries", "omitted"} and type(entry.get("entries")) is list and _omitted(entry)
                and all(type(pair) is list and len(pair) == 2 and _valid_value(pair[0]) and _valid_value(pair[1])
                        for pair in entry["entries"]))
    if kind == "object":
        return (keys <= {"t", "type", "attrs", "omitted"} and type(entry.get("type")) is str
                and type(entry.get("attrs")) is list and _omitted(entry) and all(_valid_pair(pair) for pair in entry["attrs"]))
    if kind in ("function", "class", "module"):
        return keys == {"t", "name"} and type(entry["name"]) is str
    if kind == "other":
        return keys == {"t", "type"} and type(entry["type"]) is str
    return False


def _valid_pair(pair):
    return type(pair) is list and len(pair) == 2 and type(pair[0]) is str and _valid_value(pair[1])


def _valid_step(step):
    if type(step) is not dict or not step.keys() <= {"event", "line", "stack", "heap", "stdoutLength", "returned", "exception"}:
        return False
    line, stack, heap, written = step.get("line"), step.get("stack"), step.get("heap"), step.get("stdoutLength")
    if step.get("event") not in TRACE_EVENTS or not (_is_int(line) and 1 <= line):
        return False
    if not (_is_int(written) and 0 <= written) or type(stack) is not list or type(heap) is not dict:
        return False
    for frame in stack:
        if type(frame) is not dict or frame.keys() != {"name", "line", "locals"} or type(frame["name"]) is not str:
            return False
        if not (_is_int(frame["line"]) and frame["line"] >= 1) or type(frame["locals"]) is not list:
            return False
        if not all(_valid_pair(pair) for pair in frame["locals"]):
            return False
    if not all(type(key) is str and _valid_heap_object(entry) for key, entry in heap.items()):
        return False
    if "returned" in step and not _valid_value(step["returned"]):
        return False
    if "exception" in step:
        raised = step["exception"]
        if type(raised) is not dict or raised.keys() != {"type", "message"}:
            return False
        if type(raised["type"]) is not str or type(raised["message"]) is not str:
            return False
    return True
