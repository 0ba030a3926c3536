"""Drives runner/handler.py in-process the way the Lambda runtime would: one event per line on
stdin, one returned dict per line on stdout (test/lambda-handler-sandbox.ts wraps this)."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "runner"))

import handler  # noqa: E402

out = os.fdopen(os.dup(1), "w", buffering=1)
for line in sys.stdin:
    if line.strip():
        out.write(json.dumps(handler.handler(json.loads(line), None)) + "\n")
