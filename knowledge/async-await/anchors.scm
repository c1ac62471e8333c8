; The `async` keyword of `async def`.
(function_definition
  "async" @anchor) @construct

; The `await` keyword of an `await` expression.
(await
  "await" @anchor) @construct
