# attack: reach the tracer through sys.gettrace() (trace mode) and fill the trace region with what the runner must not choke on: a 30 000-deep nesting, a huge step count, bytes that are not UTF-8, forged line-table entries; then end normally, hoping for internal_error
# expect: ok
# kernel: ok
import struct
import sys

tracer = sys.gettrace()
writer, seen, pending = None, set(), [tracer] if tracer is not None else []
while pending and writer is None:  # the tracer's closures, breadth-first, up to its region writer
    value = pending.pop(0)
    if id(value) in seen:
        continue
    seen.add(id(value))
    if hasattr(value, "append_step"):
        writer = value
    pending.append(getattr(value, "writer", None))
    for cell in getattr(value, "__closure__", None) or ():
        try:
            pending.append(cell.cell_contents)
        except ValueError:
            pass
if writer is not None:
    region = writer.region
    deep = b"[" * 30000 + b"]" * 30000
    region[64: 64 + len(deep)] = deep
    struct.pack_into("<IIIIQIII", region, 0, 0x54524331, len(deep), 1, 0, 2**63, 0, 3, 0)
    for offset, entry in enumerate([(0, 1, 1.0), (10**6, 1, 1.0), (1, 0, -1.0), (1, 2**64 - 1, float("nan"))]):
        struct.pack_into("<IQd", region, 64 + 2 * 1024 * 1024 - 64 * 1024 + offset * 20, *entry)
    writer.publish = writer.append_step = writer.stop = lambda *args: None
    region[64: 74] = b"\xff\xfe{\"event\""
    print("forged")
else:
    print("no tracer")
