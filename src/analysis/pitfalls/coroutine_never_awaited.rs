//! `coroutine-never-awaited`: an expression statement that calls a coroutine function (an
//! `async def` of the file, or one of `asyncio`'s) and drops the coroutine unrun.

use tree_sitter::Node;

use crate::analysis::semantics::functions::called_function;
use crate::analysis::syntax::{self, decorator_callee, decorators};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "coroutine-never-awaited";

/// The coroutine functions of `asyncio` whose result is flagged when dropped.
const ASYNCIO_COROUTINES: &[&str] =
    &["asyncio.sleep", "asyncio.wait_for", "asyncio.wait", "asyncio.open_connection", "asyncio.start_server", "asyncio.to_thread"];

/// Decorators that keep an `async def` a coroutine function.
const KEEPING: &[&str] = &[
    "builtins.staticmethod",
    "builtins.classmethod",
    "abc.abstractmethod",
    "typing.override",
    "typing_extensions.override",
];

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for statement in context.nodes("expression_statement") {
        if let Some(call) = dropped_coroutine(context, *statement) {
            out.extend(context.finding_at(CODE, call));
        }
    }
}

/// The call when `statement` is only a call of a coroutine function.
pub fn dropped_coroutine<'tree>(context: &Context<'tree>, statement: Node<'tree>) -> Option<Node<'tree>> {
    if statement.named_child_count() != 1 {
        return None;
    }
    let call = statement.named_child(0).filter(|call| call.kind() == "call")?;
    let callee = call.child_by_field_name("function")?;
    if context.resolve(callee).is_some_and(|qualified| ASYNCIO_COROUTINES.contains(&qualified.as_str())) {
        return Some(call);
    }
    let function = called_function(context, call)?;
    if !syntax::is_async(function) || syntax::is_generator(function) {
        return None;
    }
    // A plain name must mean a module-level def.
    if callee.kind() == "identifier" && syntax::enclosing_scope(function).is_some() {
        return None;
    }
    let kept = decorators(function).into_iter().all(|decorator| {
        decorator_callee(decorator).and_then(|callee| context.resolve(callee)).is_some_and(|qualified| KEEPING.contains(&qualified.as_str()))
    });
    kept.then_some(call)
}
