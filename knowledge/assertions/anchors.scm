; The `assert` keyword of an assert statement.
(assert_statement
  "assert" @anchor) @construct
