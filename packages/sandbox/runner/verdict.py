"""Turning what the runner observed about a finished child into a Result dict (the core contract)."""

import os
import signal


def judge(outcome, report, limits):
    """outcome: what the Supervisor measured (trusted). report: what the child wrote (user-forgeable,
    so it only ever adds detail about the user's own exception or what the audit hook refused)."""
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
        "usage": _usage(outcome, report),
    }
    if message:
        result["message"] = message
    return result


def _verdict(outcome, report, limits, exit_code, signal_name, error):
    stopped = outcome["stopped"]
    if report.get("setup"):
        return "internal_error", f"sandbox setup failed: {report['setup']}"
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
    """Accept the child's error report only in the contract's shape."""
    if not isinstance(raw, dict):
        return None
    line = raw.get("line")
    return {
        "type": str(raw.get("type", "")),
        "message": str(raw.get("message", "")),
        "line": line if isinstance(line, int) and not isinstance(line, bool) else None,
    }


def _signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"SIG{number}"


def _usage(outcome, report):
    # The child entered the sandbox before its job arrived; that CPU is the platform's, not the
    # job's. (The figure comes from the child, but cpuMs is informational: no limit depends on it.)
    setup = report.get("setupCpuMs")
    setup = setup if isinstance(setup, (int, float)) and not isinstance(setup, bool) else 0
    return {
        "wallMs": outcome["wallMs"],
        "cpuMs": round(max(0.0, outcome["cpuMs"] - setup), 3),
        "peakMemoryKb": outcome["peakMemoryKb"],
    }


def exit_report(report):
    """The child's "done" report ({status, cpuMs, peakMemoryKb}) if it is well-formed, else None."""
    done = report.get("exit")
    if not isinstance(done, dict):
        return None
    status, cpu_ms, peak_kb = done.get("status"), done.get("cpuMs"), done.get("peakMemoryKb")
    if not (_is_int(status) and 0 <= status <= 255 and _is_int(peak_kb) and peak_kb >= 0):
        return None
    if not (isinstance(cpu_ms, (int, float)) and not isinstance(cpu_ms, bool) and cpu_ms >= 0):
        return None
    return {"status": status, "cpuMs": float(cpu_ms), "peakMemoryKb": peak_kb}


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


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
