; The `finally` keyword of a `try` statement.
(finally_clause
  "finally" @anchor) @construct

; The `else` keyword of a `try` statement.
(try_statement
  (else_clause
    "else" @anchor)) @construct

; The `else` keyword of a `for` loop.
(for_statement
  alternative: (else_clause
    "else" @anchor)) @construct

; The `else` keyword of a `while` loop.
(while_statement
  alternative: (else_clause
    "else" @anchor)) @construct
