; The `yield` keyword of `yield from <expr>` (PEP 380).
(yield
  "yield" @anchor
  "from") @construct
