; The `match` soft keyword of a `match` statement (PEP 634); a `match` used as a name is an identifier.
(match_statement
  "match" @anchor) @construct

; The `case` soft keyword of each case clause.
(case_clause
  "case" @anchor) @construct
