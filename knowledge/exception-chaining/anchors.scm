; The `from` keyword of `raise X from Y` (PEP 3134).
(raise_statement
  "from" @anchor) @construct
