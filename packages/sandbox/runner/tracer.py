"""The tracer and the line profile: inside the job child, after every isolation layer is on.

`start(job, ...)` runs in child.main once the job has arrived, just before the user's first line,
and makes the one sys.settrace call the audit hook lets through (audit.install: the window closes
with that call, made on every job, so user code can never install a tracer of its own). It installs:

- a CPU sampler, for an ordinary run (mode "run" without `profile`): a SIGPROF timer on the job's
  own CPU clock (ITIMER_PROF, every SAMPLE_INTERVAL_S of CPU); each signal charges the CPU time since
  the last one to the user's line running at that moment (the innermost frame of main.py: time in
  the standard library or a C call counts for the line that called it). The cost is one short
  Python call per sample, not per line: this is the heat map every run gets (Result.lineSamples).
  It needs no tracer, so the window below still closes with sys.settrace(None). A job that takes
  SIGPROF or the timer for itself only loses its own heat map. `sample: false` (the measurer, the
  tests' runs, the bench's baseline) installs nothing;
- a line counter (mode "run" with `profile: true`): per line of the user's code, hits and the time
  from that line's event to the next event in the user's code (self time: a call into the
  standard library counts for the calling line). sys.settrace is the only per-line hook Python
  3.11 has (sys.monitoring is 3.12+), and any trace function turns off the interpreter's
  specialisation: this is why the heat map is opt-in (README: overhead);
- the recorder (mode "trace"): the same counter for every line event of the whole run, and for the
  first MAX_TRACE_STEPS events (line, call, return, exception) of the user's code a step: the line,
  the user's frames with their locals, the heap reachable from them, and how much stdout was
  written. Past the step or byte cap recording stops (truncated, stoppedAt) and only the counter
  runs; the program goes on to its end under its normal limits.

Only frames whose code is the user's program (filename main.py) are traced: the runner's frames and
the standard library's get no local trace function. The audit hook's own frames never reach the
tracer at all (CPython runs audit hooks with tracing off), and only the job's main thread is traced.

Rendering never runs user code: no repr, str, __eq__, __hash__, __getattr__, __getattribute__,
property or descriptor of a user object. Types come from type() (C), names and MROs from type's
own descriptors, container items from the exact builtin types' C methods (list/tuple slices, set
and deque iteration, dict.items of an exact dict), an instance's attributes from the `__dict__`
getset descriptor of a class in its MRO (C, called directly: a class that redefines `__dict__` as
a property is not asked) and its __slots__ member descriptors; keys are kept only when they are
exact str, and the tracer's own tables are keyed by id(), so no user __hash__ or __eq__ is ever
reached. A subclass of a builtin container is an object (its attributes), not a container. The
tracer's state is reachable by user code (sys.gettrace()): tampering with it only changes the
user's own trace, which the runner checks before use (traceregion.py).
"""

import collections
import io
import itertools
import json
import math
import signal
import sys
import time
import types

import traceregion

MAX_TRACE_STEPS = traceregion.MAX_TRACE_STEPS
MAX_TRACE_ITEMS = traceregion.MAX_TRACE_ITEMS
MAX_TRACE_STRING = traceregion.MAX_TRACE_STRING
MAX_HEAP_OBJECTS = 50  # heap entries one step renders in full; the rest show their type only
MAX_STEP_ITEMS = 1000  # container items one step renders, all containers together
FLUSH_INTERVAL_S = 0.1  # how often the line table is published while the job runs
SAMPLE_INTERVAL_S = 0.001  # the sampler's timer; the kernel fires it at its CPU clock's tick at the finest
SAMPLES_PER_FLUSH = 25  # the sampler publishes its table every this many samples
EXACT_INT_BITS = 640  # ints up to ~192 digits are written out; larger ones as d.ddd...e+N

CO_OPTIMIZED = 0x1
TPFLAGS_HEAPTYPE = 1 << 9
TPFLAGS_TYPE_SUBCLASS = 1 << 31

# C-level accessors, bound once in the runner: none of them can reach user code.
_type = type
_id = id
_len = len
_str = str
_islice = itertools.islice
_dict_items = dict.items
_int_repr = int.__repr__
_int_bit_length = int.bit_length
_float_repr = float.__repr__
_str_repr = str.__repr__
_str_eq = str.__eq__
_type_name = type.__dict__["__name__"].__get__
_type_qualname = type.__dict__["__qualname__"].__get__
_type_mro = type.__dict__["__mro__"].__get__
_type_dict = type.__dict__["__dict__"].__get__
_type_flags = type.__dict__["__flags__"].__get__
_proxy_items = types.MappingProxyType.items
_GETSET = types.GetSetDescriptorType
_MEMBER = types.MemberDescriptorType
_getset_get = types.GetSetDescriptorType.__get__
_member_get = types.MemberDescriptorType.__get__
_exception_args = BaseException.__dict__["args"].__get__
_function_qualname = types.FunctionType.__dict__["__qualname__"].__get__
_builtin_qualname = types.BuiltinFunctionType.__dict__["__qualname__"].__get__
_method_function = types.MethodType.__dict__["__func__"].__get__
_module_dict = types.ModuleType.__dict__["__dict__"].__get__
_log10 = math.log10
_floor = math.floor
_LOG10_2 = math.log10(2)
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode

_FUNCTION = types.FunctionType
_BUILTIN_FUNCTION = types.BuiltinFunctionType
_METHOD = types.MethodType
_MODULE = types.ModuleType
_DEQUE = collections.deque
_ORDERED_DICT, _DEFAULT_DICT, _COUNTER = collections.OrderedDict, collections.defaultdict, collections.Counter
_KEY_ERROR = KeyError
_NONE = {"t": "none"}
_TRUE = {"t": "bool", "v": True}
_FALSE = {"t": "bool", "v": False}


def _nothing():
    pass


def start(job, region, user_filename):
    """Install what this job asked for (see the module's doc) and return finish(), which the child
    calls once the user's code is over. Always calls sys.settrace exactly once (with None when
    nothing is traced): that is the call the audit hook's window lets through."""
    trace_function, finish = None, _nothing
    try:
        mode, profile = job.get("mode"), job.get("profile") is True
        if mode == "trace" or profile:
            writer = traceregion.Writer(region)
            stdout = _counting_stdout() if mode == "trace" else None
            trace_function, finish = _tracer(writer, user_filename, stdout)
        elif job.get("sample") is True:
            finish = _sampler(traceregion.Writer(region), user_filename)
    except Exception:  # noqa: BLE001 - a tracer that cannot start leaves the run untraced, never broken
        trace_function, finish = None, _nothing
    sys.settrace(trace_function)
    return finish


def _sampler(writer, user, clock=time.process_time):
    """Start the CPU sampler (see the module's doc) and return its finish(). The table it publishes
    has the tracer's layout: (line, samples, CPU seconds charged to the line)."""
    samples, seconds = {}, {}
    samples_get, seconds_get = samples.get, seconds.get
    type_, str_ = _type, _str
    last = clock()
    pending = 0
    done = False

    def publish():
        writer.publish([(line, count, seconds_get(line, 0.0)) for line, count in samples.items()])

    def on_sample(signum, frame):
        nonlocal last, pending
        if done:
            return
        now = clock()
        while frame is not None:
            filename = frame.f_code.co_filename
            if filename is user or (type_(filename) is str_ and filename == user):
                break
            frame = frame.f_back
        line = frame.f_lineno if frame is not None else None
        if line:  # None: only the runner's frames were running (before or after the user's code)
            samples[line] = samples_get(line, 0) + 1
            seconds[line] = seconds_get(line, 0.0) + (now - last)
            pending += 1
            if pending >= SAMPLES_PER_FLUSH:
                pending = 0
                publish()
        last = now

    signal.signal(signal.SIGPROF, on_sample)
    signal.siginterrupt(signal.SIGPROF, False)  # SA_RESTART: a sample never interrupts a system call
    signal.setitimer(signal.ITIMER_PROF, SAMPLE_INTERVAL_S, SAMPLE_INTERVAL_S)

    def finish():
        nonlocal done
        if done:
            return
        done = True
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        publish()

    return finish


class _CountingFileIO(io.FileIO):
    """fd 1, counting the bytes written through it (a step's stdoutLength)."""

    written = 0

    def write(self, data):
        count = io.FileIO.write(self, data)
        if count:
            self.written += count
        return count


def _counting_stdout():
    """The job's sys.stdout for a trace run: like the zygote's (child._unused_std_streams), over a
    FileIO that counts. Installed before user code; the runner turns the byte counts into lengths
    of the Result's stdout (traceregion._stdout_lengths)."""
    raw = _CountingFileIO(1, "w", closefd=False)
    stdout = io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8", errors="backslashreplace",
                              line_buffering=True)
    sys.stdout = sys.__stdout__ = stdout
    return stdout


def _tracer(writer, user, stdout, clock=time.perf_counter):
    """(global trace function, finish). Hot paths are closures over locals (no attribute lookups)."""
    counts, times = {}, {}
    counts_get, times_get = counts.get, times.get
    prev_line, prev_time = 0, clock()
    events = 0
    next_flush = prev_time + FLUSH_INTERVAL_S
    recorder = _Recorder(writer, user, stdout) if stdout is not None else None
    recording = recorder is not None
    done = False
    type_, str_ = _type, _str

    def publish():
        writer.publish([(line, hits, times_get(line, 0.0)) for line, hits in counts.items() if line > 0])

    def local(frame, event, arg):
        nonlocal prev_line, prev_time, events, recording, next_flush
        if event == "line":
            now = clock()
            times[prev_line] = times_get(prev_line, 0.0) + (now - prev_time)
            line = frame.f_lineno
            counts[line] = counts_get(line, 0) + 1
            prev_line = line
            events += 1
            if recording:
                recording = recorder.record(frame, event, arg, events)
                now = clock()  # the recording's own time is nobody's line
            elif now >= next_flush:
                publish()
                now = clock()
                next_flush = now + FLUSH_INTERVAL_S
            prev_time = now
        elif recording:
            record(frame, event, arg)
        return local

    def record(frame, event, arg):
        """A call, return or exception while recording: the time until now is the previous line's,
        the recording's own is nobody's."""
        nonlocal prev_time, recording
        times[prev_line] = times_get(prev_line, 0.0) + (clock() - prev_time)
        recording = recorder.record(frame, event, arg, events)
        prev_time = clock()

    def global_trace(frame, event, arg):
        if done:
            return None
        filename = frame.f_code.co_filename
        if filename is not user and not (type_(filename) is str_ and filename == user):
            return None
        if recording:
            record(frame, event, arg)
        return local

    def finish():
        nonlocal done
        if done:
            return
        done = True
        times[prev_line] = times_get(prev_line, 0.0) + (clock() - prev_time)
        publish()

    return global_trace, finish


class _Recorder:
    """Turns trace events into steps in the region until a cap is reached."""

    def __init__(self, writer, user, stdout):
        self.writer, self.user, self.stdout = writer, user, stdout
        self.raw = stdout.buffer.raw
        self.steps = 0
        self.labels = {}  # id(obj) -> (label, type): the heap ids, stable while the object lives

    def record(self, frame, event, arg, events):
        """Record one step; False once recording has stopped (and stays stopped)."""
        if self.steps >= MAX_TRACE_STEPS:
            self.writer.stop(events)
            return False
        try:
            data = _encode(self._step(frame, event, arg)).encode("utf-8", "replace")
        except Exception:  # noqa: BLE001 - MemoryError, RecursionError near the limit...: stop recording
            self.writer.stop(events)
            return False
        if not self.writer.room_for(len(data)):
            self.writer.stop(events)
            return False
        self.writer.append_step(data)
        self.steps += 1
        return True

    def _written(self):
        try:
            self.stdout.flush()
        except Exception:  # noqa: BLE001 - closed by the job, a broken pipe: count what got through
            pass
        return self.raw.written

    def _step(self, frame, event, arg):
        frames = []
        walk = frame
        while walk is not None:
            filename = walk.f_code.co_filename
            if filename is self.user or (_type(filename) is _str and _str_eq(filename, self.user)):
                frames.append(walk)
            walk = walk.f_back
        heap = _Heap(self.labels)
        # Innermost first, so the frame the step is in gets the heap budget first.
        stack = []
        for depth, each in enumerate(frames):
            stack.append(_frame(each, heap, outermost=depth == len(frames) - 1))
        stack.reverse()
        step = {"event": event, "line": _line(frame), "stack": stack, "heap": heap.entries,
                "stdoutLength": self._written()}
        if event == "return":
            step["returned"] = heap.value(arg)
        elif event == "exception":
            step["exception"] = _exception(arg[1] if _type(arg) is tuple and _len(arg) == 3 else None)
        heap.render()
        return step


def _line(frame):
    line = frame.f_lineno
    if _type(line) is not int or line < 1:
        line = frame.f_code.co_firstlineno
    return line if _type(line) is int and line >= 1 else 1


def _frame(frame, heap, outermost):
    code = frame.f_code
    name = code.co_name
    return {"name": name if _type(name) is _str else "?", "line": _line(frame),
            "locals": _locals(frame, code, heap, outermost)}


def _locals(frame, code, heap, outermost):
    """A function's locals (a fresh dict CPython builds from the frame), or the program's globals
    at top level. Any other frame (a class body, whose namespace may be the user's own mapping)
    shows none: reading its f_locals could call that mapping."""
    if code.co_flags & CO_OPTIMIZED:
        namespace = frame.f_locals
    elif outermost:
        namespace = frame.f_globals
    else:
        return []
    if _type(namespace) is not dict:
        return []
    names = []
    for key, value in _dict_items(namespace):
        if _type(key) is not _str or key[:1] == "." or (key[:2] == "__" and key[-2:] == "__"):
            continue  # comprehension iterators (.0), dunders (__builtins__, __class__ cells)
        names.append([key, heap.value(value)])
    return names


class _Heap:
    """One step's heap: values by reference, rendered breadth-first within the step's budget."""

    def __init__(self, labels):
        self.labels = labels
        self.entries = {}
        self.queue = collections.deque()
        self.objects_left = MAX_HEAP_OBJECTS
        self.items_left = MAX_STEP_ITEMS

    def value(self, obj):
        kind = _type(obj)
        if obj is None:
            return _NONE
        if kind is bool:
            return _TRUE if obj is True else _FALSE
        if kind is int:
            return {"t": "int", "v": _int_text(obj)}
        if kind is float:
            return {"t": "float", "v": _float_repr(obj)}
        if kind is _str:
            return _str_value(obj)
        return {"t": "ref", "id": self._label(obj, kind)}

    def _label(self, obj, kind):
        key = _id(obj)
        known = self.labels.get(key)
        if known is None or known[1] is not kind:
            known = (_str(_len(self.labels) + 1), kind)
            self.labels[key] = known
        label = known[0]
        if label not in self.entries:
            self.entries[label] = None  # queued
            self.queue.append((label, obj, kind))
        return label

    def render(self):
        while self.queue:
            label, obj, kind = self.queue.popleft()
            try:
                self.entries[label] = self._object(obj, kind)
            except Exception:  # noqa: BLE001 - e.g. a dict another thread resized while we read it
                self.entries[label] = {"t": "other", "type": _safe_type_name(kind)}

    def _object(self, obj, kind):
        if self.objects_left <= 0:
            return {"t": "other", "type": _safe_type_name(kind)}
        self.objects_left -= 1
        # Types are compared by identity only: `in` or a dict lookup would call a metaclass's
        # __eq__ or __hash__.
        if kind is list or kind is tuple:
            return self._items("list" if kind is list else "tuple", _len(obj), obj[: self._room(_len(obj))])
        if kind is set or kind is frozenset or kind is _DEQUE:
            name = "set" if kind is set else "frozenset" if kind is frozenset else "deque"
            return self._items(name, _len(obj), _islice(obj, self._room(_len(obj))))
        # dict, and the standard library's own dict types (never a user's subclass): dict.items.
        if kind is dict or kind is _DEFAULT_DICT or kind is _ORDERED_DICT or kind is _COUNTER:
            size = _len(obj)
            shown = _islice(_dict_items(obj), self._room(size))
            entries = [[self.value(key), self.value(value)] for key, value in shown]
            return _with_omitted({"t": "dict", "entries": entries}, size - _len(entries))
        flags = _type_flags(kind)
        if flags & TPFLAGS_TYPE_SUBCLASS:
            return {"t": "class", "name": _safe(_type_qualname(obj))}
        if kind is _FUNCTION:
            return {"t": "function", "name": _safe(_function_qualname(obj))}
        if kind is _BUILTIN_FUNCTION:
            return {"t": "function", "name": _safe(_builtin_qualname(obj))}
        if kind is _METHOD:
            function = _method_function(obj)
            named = _type(function) is _FUNCTION
            return {"t": "function", "name": _safe(_function_qualname(function)) if named else "method"}
        if kind is _MODULE:
            return {"t": "module", "name": _module_name(obj)}
        if flags & TPFLAGS_HEAPTYPE:
            return self._instance(obj, kind)
        return {"t": "other", "type": _safe_type_name(kind)}

    def _room(self, size):
        shown = min(size, MAX_TRACE_ITEMS, max(self.items_left, 0))
        self.items_left -= shown
        return shown

    def _items(self, name, size, shown):
        items = [self.value(item) for item in shown]
        return _with_omitted({"t": name, "items": items}, size - _len(items))

    def _instance(self, obj, kind):
        """An instance of a class defined in Python: its __dict__ and __slots__, read through the
        C descriptors (never through attribute lookup on the object)."""
        dict_descriptor, slots = _layout(kind)
        attrs, total = [], 0
        if dict_descriptor is not None:
            namespace = _getset_get(dict_descriptor[0], obj, dict_descriptor[1])
            if _type(namespace) is dict:
                for key, value in _dict_items(namespace):
                    if _type(key) is not _str:
                        continue
                    total += 1
                    if _len(attrs) < MAX_TRACE_ITEMS and self.items_left > 0:
                        self.items_left -= 1
                        attrs.append([key, self.value(value)])
        for slot_name, descriptor, owner in slots:
            try:
                value = _member_get(descriptor, obj, owner)
            except AttributeError:
                continue  # an empty slot
            total += 1
            if _len(attrs) < MAX_TRACE_ITEMS and self.items_left > 0:
                self.items_left -= 1
                attrs.append([slot_name, self.value(value)])
        return _with_omitted({"t": "object", "type": _safe_type_name(kind), "attrs": attrs}, total - _len(attrs))


_layouts = {}  # type -> (the __dict__ getset and its class, or None; [(slot, member descriptor, class)])


def _layout(kind):
    known = _layouts.get(_id(kind))
    if known is not None and known[0] is kind:
        return known[1]
    dict_descriptor, slots = None, []
    for klass in _type_mro(kind):
        heap_type = _type_flags(klass) & TPFLAGS_HEAPTYPE
        for key, value in _proxy_items(_type_dict(klass)):
            if _type(key) is not _str:
                continue
            if dict_descriptor is None and _type(value) is _GETSET and _str_eq(key, "__dict__"):
                dict_descriptor = (value, klass)
            elif heap_type and _type(value) is _MEMBER:
                slots.append((key, value, klass))
    layout = (dict_descriptor, slots)
    _layouts[_id(kind)] = (kind, layout)  # keeps the class alive: ids are never reused under us
    return layout


def _with_omitted(entry, omitted):
    if omitted > 0:
        entry["omitted"] = omitted
    return entry


def _str_value(text):
    size = _len(text)
    if size <= MAX_TRACE_STRING:
        return {"t": "str", "v": text}
    return {"t": "str", "v": text[:MAX_TRACE_STRING], "omitted": size - MAX_TRACE_STRING}


def _int_text(number):
    bits = _int_bit_length(number)
    if bits <= EXACT_INT_BITS:
        return _int_repr(number)
    # Decimal digits of a huge int cost quadratic time (and 3.11 refuses > 4300): 16 significant
    # digits from its top 60 bits instead.
    top = (-number if number < 0 else number) >> (bits - 60)
    exponent10 = _log10(top) + (bits - 60) * _LOG10_2
    whole = _floor(exponent10)
    mantissa = 10 ** (exponent10 - whole)
    return ("-" if number < 0 else "") + f"{mantissa:.15f}e+{whole}"


def _safe(name):
    return name if _type(name) is _str else "?"


def _safe_type_name(kind):
    try:
        return _safe(_type_qualname(kind))
    except Exception:  # noqa: BLE001
        return "?"


def _module_name(module):
    namespace = _module_dict(module)
    if _type(namespace) is dict:
        for key, value in _islice(_dict_items(namespace), 16):  # __name__ comes first
            if _type(key) is _str and _str_eq(key, "__name__") and _type(value) is _str:
                return value
    return "module"


def _exception(error):
    """{type, message} of a raised exception, from its type's name and its args, never str(error)
    (a user exception's __str__ is user code)."""
    if error is None:
        return {"type": "?", "message": ""}
    kind = _type(error)
    name = _safe(_type_name(kind))
    try:
        args = _exception_args(error)
    except Exception:  # noqa: BLE001 - not a BaseException
        return {"type": name, "message": ""}
    if _type(args) is not tuple:
        return {"type": name, "message": ""}
    if _len(args) == 1 and kind is not _KEY_ERROR:
        message = _short(args[0], quote=False)
    elif _len(args) == 1:
        message = _short(args[0], quote=True)
    else:
        message = "(" + ", ".join(_short(each, quote=True) for each in args[:5]) + (", ..." if _len(args) > 5 else "") + ")" if args else ""
    return {"type": name, "message": message[: MAX_TRACE_STRING * 5]}


def _short(value, quote):
    kind = _type(value)
    if kind is _str:
        text = value[:MAX_TRACE_STRING]
        return _str_repr(text) if quote else text
    if value is None or kind is bool:
        return "True" if value is True else "False" if value is False else "None"
    if kind is int:
        return _int_text(value)
    if kind is float:
        return _float_repr(value)
    return f"<{_safe_type_name(kind)} object>"
