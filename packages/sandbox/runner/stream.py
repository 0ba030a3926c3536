"""Live output: what a running job writes to stdout and stderr, passed on while it runs.

The Supervisor hands every byte it accepts (within the output limit) to `take`; the Streamer
coalesces them per stream and calls `emit(stream, text)` at most once per FLUSH_INTERVAL_S per
stream, or sooner once FLUSH_BYTES are waiting, and whatever is left at the end. Bytes are decoded
incrementally, so a character split across two reads is never cut in half (invalid UTF-8 becomes
U+FFFD, as in the final result). The final result still carries the whole output: a chunk is a
preview the client may miss, never the record.
"""

import codecs
import time

FLUSH_INTERVAL_S = 0.05
FLUSH_BYTES = 8 * 1024


class Streamer:
    def __init__(self, emit, clock=time.monotonic):
        self.emit, self.clock = emit, clock
        self.pending = {"stdout": bytearray(), "stderr": bytearray()}
        self.decoders = {name: codecs.getincrementaldecoder("utf-8")("replace") for name in self.pending}
        self.last = {name: 0.0 for name in self.pending}  # when each stream was last flushed

    def take(self, stream, data):
        buffer = self.pending[stream]
        buffer += data
        if len(buffer) >= FLUSH_BYTES or self.clock() - self.last[stream] >= FLUSH_INTERVAL_S:
            self._flush(stream)

    def next_due(self):
        """When the next waiting chunk is due (a select timeout), or None with nothing waiting."""
        due = [self.last[name] + FLUSH_INTERVAL_S for name, buffer in self.pending.items() if buffer]
        return min(due) if due else None

    def flush_due(self):
        now = self.clock()
        for name, buffer in self.pending.items():
            if buffer and now - self.last[name] >= FLUSH_INTERVAL_S:
                self._flush(name)

    def flush_all(self):
        for name in self.pending:
            self._flush(name, final=True)

    def _flush(self, stream, final=False):
        buffer = self.pending[stream]
        text = self.decoders[stream].decode(bytes(buffer), final)
        buffer.clear()
        self.last[stream] = self.clock()
        if text:
            self.emit(stream, text)
