"""Static complexity analyzer: Python source on stdin (data, never executed) -> one Analysis JSON on stdout.

Runs inside the sandbox like any job, with the standard library's `ast` only (see ../README.md).
Modules, in the order a reader meets them:
  algebra    complexity classes and costs (a class with its lines and reasons)
  syntax     small helpers over the program's `ast`
  scope      what one function or the module binds: constants, container kinds, input reads
  functions  the function model and the recursion solver
  body       the cost of one body: statements, loops, comprehensions, calls
  report     the program's answer: dominant function, title, explanation, suggestions
Comments are not part of the AST, so instructions hidden in them cannot change the answer.
"""
