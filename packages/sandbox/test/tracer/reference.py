"""The reference a trace is checked against: the same program under a plain sys.settrace, outside
the sandbox (tracer.test.ts). Prints [[event, line], ...] for the frames of main.py, in order."""
import json
import sys

code = sys.stdin.read()
events = []


def local(frame, event, arg):
    events.append([event, frame.f_lineno])
    return local


def trace(frame, event, arg):
    if frame.f_code.co_filename != "main.py":
        return None
    events.append([event, frame.f_lineno])
    return local


compiled = compile(code, "main.py", "exec", dont_inherit=True)
sys.settrace(trace)
try:
    exec(compiled, {"__name__": "__main__", "__file__": "main.py"})
except BaseException:  # noqa: BLE001 - an uncaught exception is part of the program
    pass
sys.settrace(None)
sys.stdout = sys.__stdout__
print(json.dumps(events))
