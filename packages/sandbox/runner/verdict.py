"""Turning what the runner observed about a finished child into a Result dict (the core contract)."""

import os
import signal


def judge(outcome, report, limits):
    """outcome: what the Supervisor measured (trusted: the kernel's status and usage, the runner's
    clock and counts). report: what the child wrote (user-forgeable once the child said READY, so it
    only ever adds detail about the user's own exception or what the audit hook refused; its
    `setup` counts only from a child that never got that far)."""
    if not isinstance(report, dict):
        report = {}
    if outcome.get("ready"):
        report = {key: value for key, value in report.items() if key != "setup"}
    status = outcome["status"]
    exit_code = os.waitstatus_to_exitcode(status)
    signal_name = _signal_name(-exit_code) if exit_code < 0 else None
    error = _error(report.get("error"))
    verdict, message = _verdict(outcome, report, limits, exit_code, signal_name, error)
    if outcome["stopped"] == "memory":
        # Killed by the runner's watchdog, not by a Python exception: say it the way Python would.
        error = {"type": "MemoryError", "message": message, "line": None}
    result = {
        "verdict": verdict,
        "exitCode": exit_code if exit_code >= 0 else None,
        "signal": signal_name,
        "stdout": outcome["stdout"].decode("utf-8", "replace"),
        "stderr": outcome["stderr"].decode("utf-8", "replace"),
        "truncated": outcome["truncated"],
        "error": error,
        "usage": {"wallMs": outcome["wallMs"], "cpuMs": outcome["cpuMs"], "peakMemoryKb": outcome["peakMemoryKb"]},
    }
    if message:
        result["message"] = message
    return result


def _verdict(outcome, report, limits, exit_code, signal_name, error):
    stopped = outcome["stopped"]
    if not outcome.get("ready") and stopped is None:
        # It died before its job could be read: the platform's fault, whatever it wrote.
        setup = report.get("setup")
        return "internal_error", f"sandbox setup failed: {setup if isinstance(setup, str) else exit_code}"
    if stopped == "shutdown":
        return "internal_error", "the sandbox shut down while the job was running"
    if stopped == "cancelled":
        return "runtime_error", "cancelled"
    if stopped == "time":
        return "time_limit", f"time limit exceeded: ran longer than {limits['wallMs']} ms"
    if stopped == "output":
        return "output_limit", f"output limit exceeded: more than {limits['outputBytes']} bytes"
    if stopped == "memory":
        return "memory_limit", f"memory limit exceeded: used more than {limits['memoryMb']} MB"
    if isinstance(report.get("blocked"), str) and exit_code != 0:
        # A refusal the program did not recover from. (One it caught and survived is not a failure.)
        return "blocked", "blocked: " + report["blocked"]
    if signal_name == "SIGXCPU":
        return "time_limit", "time limit exceeded: CPU time limit reached"
    if error is not None and error["type"] == "MemoryError":
        return "memory_limit", f"memory limit exceeded: more than {limits['memoryMb']} MB"
    if signal_name is not None:
        return "runtime_error", f"killed by {signal_name}"
    if exit_code != 0:
        return "runtime_error", None
    return "ok", None


def _error(raw):
    """Accept the child's error report only in the contract's shape (strings, an int line)."""
    if not isinstance(raw, dict):
        return None
    line, kind, message = raw.get("line"), raw.get("type", ""), raw.get("message", "")
    return {
        "type": kind if isinstance(kind, str) else "",
        "message": message if isinstance(message, str) else "",
        "line": line if isinstance(line, int) and not isinstance(line, bool) else None,
    }


def _signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"SIG{number}"


def same_output(actual, expected):
    """Test comparison: trailing whitespace on each line and trailing blank lines do not count."""
    return _normalise(actual) == _normalise(expected)


def _normalise(text):
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


def internal_error(message):
    return {
        "verdict": "internal_error",
        "exitCode": None,
        "signal": None,
        "stdout": "",
        "stderr": "",
        "truncated": {"stdout": False, "stderr": False},
        "error": None,
        "usage": {"wallMs": 0, "cpuMs": 0, "peakMemoryKb": 0},
        "message": message,
    }
