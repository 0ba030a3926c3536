"""Entry point: `python3 -m complexity < program.py` (in the sandbox, the joined bundle runs this)."""

import json
import sys

from .report import analyze_source, cannot_analyse


def main():
    code = sys.stdin.read()
    sys.setrecursionlimit(10000)
    try:
        result = analyze_source(code)
    except RecursionError:
        result = cannot_analyse("the code is nested too deeply for the static analyzer")
    except Exception as err:  # the analyzer must always answer
        result = cannot_analyse("the static analyzer could not follow this code (%s)" % type(err).__name__)
    sys.stdout.write(json.dumps(result))


main()
