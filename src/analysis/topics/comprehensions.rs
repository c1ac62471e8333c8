//! Comprehensions: the `for` keyword of the first `for` clause of list, set and dict
//! comprehensions (generator expressions are `lazy-evaluation`), with what this one builds,
//! the names it keeps to itself and, in a class body, which parts can see the class's names.

use tree_sitter::Node;

use crate::analysis::semantics::scopes::class_names_hidden_from;
use crate::analysis::syntax::{self, code_list, snippet, target_names, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "comprehensions";
const KINDS: &[&str] = &["list_comprehension", "set_comprehension", "dictionary_comprehension"];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for kind in KINDS {
        for comprehension in context.nodes(kind) {
            if let Some(keyword) = anchor_of(*comprehension) {
                out.push(context.occurrence(TOPIC, keyword, comprehension_notes(context, *comprehension)));
            }
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(comprehension) = anchor.parent().and_then(|clause| clause.parent()) else { return Vec::new() };
    if KINDS.contains(&comprehension.kind()) && anchor_of(comprehension).is_some_and(|found| found.id() == anchor.id()) {
        comprehension_notes(context, comprehension)
    } else {
        Vec::new()
    }
}

/// The `for` keyword of the first `for` clause.
fn anchor_of(comprehension: Node) -> Option<Node> {
    let clause = first_clause(comprehension)?;
    syntax::token(clause, "for")
}

fn first_clause(comprehension: Node) -> Option<Node> {
    let mut cursor = comprehension.walk();
    let clause = comprehension.named_children(&mut cursor).find(|child| child.kind() == "for_in_clause");
    clause
}

fn comprehension_notes(context: &Context, comprehension: Node) -> Vec<String> {
    let text = context.text;
    let mut notes = Vec::new();
    let iterable = first_clause(comprehension).and_then(|clause| clause.child_by_field_name("right"));
    let over = iterable.map(|iterable| format!(" from `{}`", snippet(text, iterable, 40))).unwrap_or_default();
    notes.push(match comprehension.kind() {
        "dictionary_comprehension" => {
            format!("Builds the whole dict{over} at once, before the statement goes on; a key produced twice keeps its last value.")
        }
        "set_comprehension" => format!("Builds the whole set{over} at once, before the statement goes on; duplicates are dropped."),
        _ => format!("Builds the whole list{over} at once, before the statement goes on; `(...)` instead of `[...]` would make a lazy generator."),
    });
    let mut targets = Vec::new();
    let mut cursor = comprehension.walk();
    for clause in comprehension.named_children(&mut cursor).filter(|child| child.kind() == "for_in_clause") {
        if let Some(left) = clause.child_by_field_name("left") {
            target_names(text, left, &mut targets);
        }
    }
    targets.dedup();
    if !targets.is_empty() {
        let verb = if targets.len() == 1 { "is" } else { "are" };
        notes.push(format!("{} {verb} local to it: the enclosing scope neither sees nor loses a variable of that name.", code_list(&targets, 60)));
    }
    if let Some(class) = syntax::enclosing_scope(comprehension).filter(|scope| scope.kind() == "class_definition") {
        let class_name = class.child_by_field_name("name").map(|name| text_of(text, name)).unwrap_or("the class");
        let mut hidden: Vec<String> =
            class_names_hidden_from(text, comprehension).into_iter().map(|name| text_of(text, name).to_owned()).collect();
        hidden.sort();
        hidden.dedup();
        if hidden.is_empty() {
            let first = iterable.map(|iterable| format!(" (`{}`)", snippet(text, iterable, 30))).unwrap_or_default();
            notes.push(format!(
                "In the body of class `{class_name}` only the first iterable{first} can see the class's names; PEP 709 (3.12) kept this rule."
            ));
        } else {
            notes.push(format!(
                "In the body of class `{class_name}` only the first iterable can see the class's names: {} here is not the class's (a `NameError`, or another binding of the name).",
                code_list(&hidden, 60)
            ));
        }
    }
    notes
}
