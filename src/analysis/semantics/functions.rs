//! Which def of the file a call means (`fetch()` by name, `self.fetch()` in a method of the
//! class that defines it), and where a coroutine's own body can suspend.

use tree_sitter::Node;

use crate::analysis::semantics::classes::visible_definition;
use crate::analysis::syntax::{self, text_of};
use crate::analysis::Context;

/// The def of this file that `call` runs: a plain name through the scopes that can see it
/// (`classes::visible_definition`), or `self.m()` / `cls.m()` in a method whose first parameter
/// is `self` / `cls`, when the enclosing class's own body defines `m` (the last such def).
/// `None` for anything else: an attribute of another object, a name also bound another way.
pub fn called_function<'tree>(context: &Context<'tree>, call: Node<'tree>) -> Option<Node<'tree>> {
    let callee = call.child_by_field_name("function")?;
    match callee.kind() {
        "identifier" => visible_definition(context, "function_definition", text_of(context.text, callee), callee),
        "attribute" => method_of_own_class(context, callee),
        _ => None,
    }
}

/// The def `m` of the enclosing class for `self.m` / `cls.m`, where `self` / `cls` is the first
/// parameter of the method directly in that class's body that holds the attribute.
pub fn method_of_own_class<'tree>(context: &Context<'tree>, attribute: Node<'tree>) -> Option<Node<'tree>> {
    let object = attribute.child_by_field_name("object").filter(|object| object.kind() == "identifier")?;
    let member = attribute.child_by_field_name("attribute")?;
    let method = syntax::enclosing_function(attribute).filter(|function| function.kind() == "function_definition")?;
    let class = syntax::class_of_method(method)?;
    let first = syntax::first_parameter(method)?;
    if text_of(context.text, first) != text_of(context.text, object) {
        return None;
    }
    let wanted = text_of(context.text, member);
    syntax::methods(class, context.text).into_iter().rev().find(|(name, _)| name == wanted).map(|(_, definition)| definition)
}

/// The `async def` whose own body holds `node`, comprehensions included (they run in the
/// coroutine too); `None` when the innermost def, lambda or class around it is anything else.
pub fn enclosing_coroutine(node: Node) -> Option<Node> {
    let mut current = syntax::enclosing_scope(node);
    while let Some(scope) = current {
        match scope.kind() {
            "function_definition" => return syntax::is_async(scope).then_some(scope),
            "lambda" | "class_definition" => return None,
            _ => current = syntax::enclosing_scope(scope),
        }
    }
    None
}

/// The places where the own body of `function` can hand control back to the event loop, in
/// document order: the `await` keywords, and the `async` keyword of each `async for` and `async
/// with` (statements and comprehension clauses). Nested defs, lambdas and classes run elsewhere,
/// and so does a generator expression, which runs only when it is iterated.
pub fn suspension_points(function: Node) -> Vec<Node> {
    let mut found = Vec::new();
    let Some(body) = function.child_by_field_name("body") else { return found };
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "function_definition" | "lambda" | "class_definition" | "generator_expression" => continue,
            "await" => found.extend(syntax::token(node, "await")),
            "for_statement" | "with_statement" | "for_in_clause" => found.extend(syntax::token(node, "async")),
            _ => {}
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    found.sort_by_key(|node| node.start_byte());
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Knowledge;

    fn definition_line(text: &str, marker: &str) -> Option<usize> {
        let tree = crate::document::parse(text, None);
        let context = Context::new(text, &tree, Knowledge::builtin());
        let offset = text.find(marker)?;
        let node = tree.root_node().descendant_for_byte_range(offset, offset)?;
        let call = syntax::ancestor(node, &["call"])?;
        called_function(&context, call).map(|found| found.start_position().row + 1)
    }

    #[test]
    fn calls_resolve_to_the_def_they_run() {
        let text = "async def fetch():\n    pass\n\nclass C:\n    async def get(self):\n        pass\n\n    async def run(self):\n        self.get()\n        other.get()\n        fetch()\n";
        assert_eq!(definition_line(text, "self.get()"), Some(5));
        assert_eq!(definition_line(text, "other.get()"), None);
        assert_eq!(definition_line(text, "fetch()\n"), Some(1));
        // A later assignment of the name at module level makes the binding uncertain.
        let rebound = "async def fetch():\n    pass\n\nfetch = wrap(fetch)\n\nasync def run():\n    fetch()\n";
        assert_eq!(definition_line(rebound, "fetch()\n"), None);
    }

    #[test]
    fn coroutines_hold_their_comprehensions_but_not_their_lambdas() {
        let text = "async def f(xs):\n    a = [g(x) for x in xs]\n    b = lambda: h()\n    def inner():\n        k()\n";
        let tree = crate::document::parse(text, None);
        let at = |marker: &str| {
            let offset = text.find(marker).expect("the marker");
            tree.root_node().descendant_for_byte_range(offset, offset).expect("a node")
        };
        assert!(enclosing_coroutine(at("g(x)")).is_some());
        assert!(enclosing_coroutine(at("h()")).is_none());
        assert!(enclosing_coroutine(at("k()")).is_none());
    }

    #[test]
    fn suspension_points_stay_in_the_own_body() {
        let text = "async def f(xs):\n    await a()\n    async with b:\n        pass\n    def inner():\n        pass\n    lazy = (await c for c in xs)\n    eager = [await d for d in xs]\n    async def nested():\n        await e()\n";
        let tree = crate::document::parse(text, None);
        let function = tree.root_node().named_child(0).expect("the def");
        let points: Vec<&str> = suspension_points(function).iter().map(|node| text_of(text, *node)).collect();
        assert_eq!(points, ["await", "async", "await"]);
    }
}
