# attack: reach the heat-map sampler through signal.getsignal(SIGPROF) (every ordinary run has it) and fill its line table with what the runner must not choke on: lines outside the program, no samples, NaN and negative times, a count past 2**53; then end normally, hoping for internal_error or a heat map that is not of this program
# expect: ok
# kernel: ok
import signal
import struct

handler = signal.getsignal(signal.SIGPROF)
writer, seen, pending = None, set(), [handler] if callable(handler) else []
while pending and writer is None:  # the sampler's closures, breadth-first, up to its region writer
    value = pending.pop(0)
    if id(value) in seen:
        continue
    seen.add(id(value))
    if hasattr(value, "publish") and hasattr(value, "region"):
        writer = value
    for cell in getattr(value, "__closure__", None) or ():
        try:
            pending.append(cell.cell_contents)
        except ValueError:
            pass
if writer is not None:
    signal.setitimer(signal.ITIMER_PROF, 0, 0)
    region = writer.region
    table = 64 + 2 * 1024 * 1024 - 64 * 1024  # slot 0 of the line table
    forged = [(0, 1, 1.0), (10**6, 1, 1.0), (1, 0, -1.0), (1, 2**64 - 1, float("nan")), (3, 2**60, 1.0), (2, 5, 0.5)]
    for index, entry in enumerate(forged):
        struct.pack_into("<IQd", region, table + index * 20, *entry)
    struct.pack_into("<IIIIQIII", region, 0, 0x54524331, 0, 0, 0, 0, 0, len(forged), 0)
    writer.publish = lambda *args: None  # the sampler's last publish at the end changes nothing now
    print("forged")
else:
    print("no sampler")
