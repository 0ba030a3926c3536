"""Measured complexity: times one function of the user's program on inputs of growing size.

Runs in the sandbox as a job (same layers and limits as any): stdin is a JSON request
{code, function?, generator?, budgetSeconds?, wallSeconds?}; stdout is one JSON {function, inputs, points:[{n, seconds}]}
or {error}. Unlike the static analyzer, this program does run the user's code: only its definitions
(imports, functions, classes, assignments), never its top-level statements, and with stdin empty.
The curve is fitted by core (packages/core/src/analysis/fit.ts).
  inputs  which input each parameter takes (a list of ints, an int n, a string), or the user's generator
  timing  sizes that grow until the time budget, CPU time, min of repeats
"""
