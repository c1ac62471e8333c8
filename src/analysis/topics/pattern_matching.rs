//! Structural pattern matching: for `match`, the subject and its cases; for `case`, what this
//! pattern checks and binds.

use tree_sitter::Node;

use crate::analysis::semantics::classes::class_named;
use crate::analysis::syntax::{self, decorators, decorator_callee, keyword_argument, snippet, text_of};
use crate::analysis::Context;

/// Classes whose positional sub-pattern matches the whole subject (`int(x)`).
const SELF_MATCHING: &[&str] = &["bool", "bytearray", "bytes", "dict", "float", "frozenset", "int", "list", "set", "str", "tuple"];

/// At most this many notes about the parts of one pattern, so a large pattern stays readable.
const PART_NOTES: usize = 6;

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    match anchor.parent() {
        Some(statement) if statement.kind() == "match_statement" => match_notes(context, statement),
        Some(clause) if clause.kind() == "case_clause" => case_notes(context, clause),
        _ => Vec::new(),
    }
}

fn match_notes(context: &Context, statement: Node) -> Vec<String> {
    let mut cursor = statement.walk();
    let subjects: Vec<Node> = statement.children_by_field_name("subject", &mut cursor).collect();
    let subject = match subjects.as_slice() {
        [one] => snippet(context.text, *one, 50),
        _ => format!("({})", subjects.iter().map(|subject| snippet(context.text, *subject, 30)).collect::<Vec<_>>().join(", ")),
    };
    let cases = case_clauses(statement);
    let count = match cases.len() {
        1 => "1 case".to_owned(),
        count => format!("{count} cases"),
    };
    let mut notes = vec![
        format!("Matches `{subject}` against {count}, top to bottom; only the first case that matches runs."),
    ];
    let last_is_catch_all = cases.last().is_some_and(|last| is_irrefutable_case(*last));
    if last_is_catch_all {
        notes.push("The last case matches anything, so one case always runs.".to_owned());
    } else {
        notes.push("When no case matches, nothing happens: no error is raised and the statement does nothing.".to_owned());
    }
    notes.push("`match` and `case` are soft keywords (3.10): elsewhere they stay ordinary names.".to_owned());
    notes
}

fn case_clauses(statement: Node) -> Vec<Node> {
    let Some(body) = statement.child_by_field_name("body") else { return Vec::new() };
    let mut cursor = body.walk();
    let cases = body.named_children(&mut cursor).filter(|clause| clause.kind() == "case_clause").collect();
    cases
}

/// The case's top-level pattern parts (several for an open sequence `case a, b:`), and whether
/// the clause spells a top-level comma.
fn top_patterns(clause: Node) -> (Vec<Node>, bool) {
    let mut cursor = clause.walk();
    let patterns: Vec<Node> = clause.children(&mut cursor).filter(|child| child.kind() == "case_pattern").collect();
    let mut cursor = clause.walk();
    let comma = clause.children(&mut cursor).any(|child| child.kind() == ",");
    (patterns, comma)
}

/// Whether a case matches every subject: no guard, and a capture or `_` (perhaps grouped,
/// perhaps with `as`) as its whole pattern.
fn is_irrefutable_case(clause: Node) -> bool {
    if clause.child_by_field_name("guard").is_some() {
        return false;
    }
    let (patterns, comma) = top_patterns(clause);
    match patterns.as_slice() {
        [pattern] if !comma => is_irrefutable(*pattern),
        _ => false,
    }
}

fn is_irrefutable(pattern: Node) -> bool {
    let inner = unwrap(pattern);
    match inner.kind() {
        "_" => true,
        "dotted_name" => inner.named_child_count() == 1,
        "as_pattern" => inner.named_child(0).is_some_and(|first| is_irrefutable(first)),
        "union_pattern" => {
            let mut cursor = inner.walk();
            let any = inner.named_children(&mut cursor).any(|alternative| is_irrefutable(alternative));
            any
        }
        _ => false,
    }
}

/// The pattern inside `case_pattern` wrappers and single-item groups `(p)`.
fn unwrap(pattern: Node) -> Node {
    let mut node = pattern;
    loop {
        if node.kind() == "case_pattern" {
            match node.child(0) {
                // `-1`: the sign is a token of its own.
                Some(child) if child.kind() == "-" => return node,
                Some(child) => node = child,
                None => return node,
            }
        } else if is_group(node) {
            match node.named_child(0) {
                Some(child) => node = child,
                None => return node,
            }
        } else {
            return node;
        }
    }
}

/// `(p)`: tree-sitter-python labels it `tuple_pattern`, but without a comma it is a group.
fn is_group(node: Node) -> bool {
    if node.kind() != "tuple_pattern" || node.named_child_count() != 1 {
        return false;
    }
    let mut cursor = node.walk();
    let comma = node.children(&mut cursor).any(|child| child.kind() == ",");
    !comma
}

fn case_notes(context: &Context, clause: Node) -> Vec<String> {
    let (patterns, comma) = top_patterns(clause);
    let mut notes = Vec::new();
    let mut parts = Vec::new();
    if patterns.len() > 1 || comma {
        let rendered = patterns.iter().map(|pattern| text_of(context.text, *pattern)).collect::<Vec<_>>().join(", ");
        sequence_note(context, &patterns, &format!("{rendered},"), &mut parts);
        for pattern in &patterns {
            describe(context, *pattern, &mut parts);
        }
    } else if let Some(pattern) = patterns.first() {
        let group = pattern.named_child(0).filter(|inner| is_group(*inner));
        if let Some(group) = group {
            let inner = group.named_child(0).map(|inner| snippet(context.text, inner, 30)).unwrap_or_default();
            parts.push(format!("`{}` is only a group around `{inner}`, not a sequence: a sequence of one needs a comma, `({inner},)`.", snippet(context.text, group, 30)));
        }
        describe(context, *pattern, &mut parts);
    }
    parts.dedup();
    // The hover shows the first notes only: the whole pattern first, then what can go wrong or
    // run conditionally, then the parts.
    let mut parts = parts.into_iter();
    notes.extend(parts.next());
    let irrefutable = is_irrefutable_case(clause);
    let later_cases = clause.next_named_sibling().is_some_and(|next| next.kind() == "case_clause");
    if irrefutable && later_cases {
        notes.push("It matches anything, yet more cases follow: a SyntaxError (\"makes remaining patterns unreachable\").".to_owned());
    }
    if let Some(guard) = clause.child_by_field_name("guard") {
        let condition = guard.named_child(0).map(|condition| snippet(context.text, condition, 40)).unwrap_or_default();
        notes.push(format!(
            "The guard `if {condition}` runs after the pattern bound its names; when false, the next case is tried (the names stay bound)."
        ));
    }
    notes.extend(parts.take(PART_NOTES));
    notes
}

fn describe(context: &Context, pattern: Node, out: &mut Vec<String>) {
    let node = unwrap(pattern);
    let shown = snippet(context.text, node, 40);
    match node.kind() {
        "case_pattern" => literal_note(&shown, true, out),
        "_" => out.push("`_` matches anything and binds nothing.".to_owned()),
        "dotted_name" if node.named_child_count() == 1 => {
            out.push(format!("`{shown}` is a capture: it matches anything and binds it to `{shown}`."));
        }
        "dotted_name" => out.push(format!("`{shown}` is a value pattern: it compares with `==`.")),
        "none" | "true" | "false" => out.push(format!("`{shown}` compares with `is`: only `{shown}` itself matches.")),
        "string" | "concatenated_string" => literal_note(&shown, false, out),
        "integer" | "float" | "complex_pattern" => literal_note(&shown, true, out),
        "class_pattern" => class_pattern(context, node, out),
        "list_pattern" | "tuple_pattern" => {
            let mut cursor = node.walk();
            let items: Vec<Node> = node.named_children(&mut cursor).filter(|item| item.kind() == "case_pattern").collect();
            sequence_note(context, &items, &shown, out);
            for item in items {
                describe(context, item, out);
            }
        }
        "dict_pattern" => {
            let mut cursor = node.walk();
            let rest = node.named_children(&mut cursor).find(|child| child.kind() == "splat_pattern");
            let collect = match rest.and_then(|rest| rest.named_child(0)).filter(|name| name.kind() == "identifier") {
                Some(name) => format!("; `**{}` collects them into a dict", text_of(context.text, name)),
                None => String::new(),
            };
            out.push(format!("`{shown}` is a mapping pattern: it matches a mapping that has these keys, and extra keys are allowed{collect}."));
            let mut cursor = node.walk();
            let values: Vec<Node> = node.children_by_field_name("value", &mut cursor).collect();
            for value in values {
                describe(context, value, out);
            }
        }
        "union_pattern" => {
            out.push("`|` tries the alternatives left to right; each must bind the same names.".to_owned());
            let mut cursor = node.walk();
            let alternatives: Vec<Node> = node.named_children(&mut cursor).collect();
            for alternative in alternatives {
                describe(context, alternative, out);
            }
        }
        "as_pattern" => {
            let mut cursor = node.walk();
            let children: Vec<Node> = node.named_children(&mut cursor).collect();
            if let (Some(first), Some(alias)) = (children.first(), children.last().filter(|last| last.kind() == "identifier")) {
                describe(context, *first, out);
                out.push(format!(
                    "`as {}` binds the value that `{}` matched.",
                    text_of(context.text, *alias),
                    snippet(context.text, *first, 30)
                ));
            }
        }
        _ => {}
    }
}

fn literal_note(shown: &str, numeric: bool, out: &mut Vec<String>) {
    if numeric {
        out.push(format!("`{shown}` compares with `==`: an equal number of another type (`float`, `bool`) matches too."));
    } else {
        out.push(format!("`{shown}` compares with `==`."));
    }
}

/// The note of a sequence pattern whose items are `items`.
fn sequence_note(context: &Context, items: &[Node], shown: &str, out: &mut Vec<String>) {
    let star = items.iter().find_map(|item| {
        let inner = item.named_child(0).filter(|inner| inner.kind() == "splat_pattern")?;
        Some(inner.named_child(0).filter(|name| name.kind() == "identifier").map(|name| text_of(context.text, name).to_owned()))
    });
    let length = match &star {
        Some(_) => format!("of at least {} items", items.len() - 1),
        None => format!("of exactly {} items", items.len()),
    };
    let length = length.replace("exactly 1 items", "exactly 1 item").replace("least 1 items", "least 1 item");
    let mut note = format!("`{shown}` matches a sequence {length}, never a `str`, `bytes` or `bytearray`");
    match star {
        Some(Some(name)) => note.push_str(&format!("; `*{name}` collects the rest into a list.")),
        _ => note.push('.'),
    }
    out.push(note);
}

fn class_pattern(context: &Context, node: Node, out: &mut Vec<String>) {
    let Some(class) = node.named_child(0).filter(|name| name.kind() == "dotted_name") else { return };
    let name = text_of(context.text, class);
    let mut cursor = node.walk();
    let arguments: Vec<Node> = node.named_children(&mut cursor).filter(|child| child.kind() == "case_pattern").collect();
    let (keywords, positional): (Vec<Node>, Vec<Node>) =
        arguments.iter().partition(|argument| argument.named_child(0).is_some_and(|inner| inner.kind() == "keyword_pattern"));
    let check = format!("`{name}(...)` checks `isinstance(subject, {name})`");
    let builtin = class.named_child_count() == 1
        && SELF_MATCHING.contains(&name)
        && class.named_child(0).and_then(|identifier| context.resolve(identifier)).as_deref() == Some(&format!("builtins.{name}"));
    if positional.is_empty() {
        out.push(format!("{check}."));
    } else if builtin {
        out.push(format!("{check}; for a builtin its one positional sub-pattern matches the subject itself: `{}` gets the whole value.", snippet(context.text, positional[0], 30)));
    } else {
        out.push(format!("{check}; {}", match_args_note(context, class, name, &positional)));
    }
    if !keywords.is_empty() {
        let names: Vec<String> = keywords
            .iter()
            .filter_map(|keyword| keyword.named_child(0)?.named_child(0))
            .map(|keyword| format!(".{}", text_of(context.text, keyword)))
            .collect();
        out.push(format!("Keyword sub-patterns match attributes: {}.", syntax::code_list(&names, 60)));
    }
    for argument in arguments {
        match argument.named_child(0) {
            Some(keyword) if keyword.kind() == "keyword_pattern" => {
                if let Some(value) = keyword.named_child(1) {
                    describe_value(context, value, out);
                }
            }
            _ => describe(context, argument, out),
        }
    }
}

/// The value of a keyword sub-pattern, which tree-sitter-python does not wrap in `case_pattern`.
fn describe_value(context: &Context, value: Node, out: &mut Vec<String>) {
    if value.kind() == "case_pattern" {
        describe(context, value, out);
    } else {
        describe_bare(context, value, out);
    }
}

fn describe_bare(context: &Context, value: Node, out: &mut Vec<String>) {
    let shown = snippet(context.text, value, 40);
    match value.kind() {
        "dotted_name" if value.named_child_count() == 1 => {
            out.push(format!("`{shown}` is a capture: it matches anything and binds it to `{shown}`."))
        }
        "dotted_name" => out.push(format!("`{shown}` is a value pattern: it compares with `==`.")),
        "none" | "true" | "false" => out.push(format!("`{shown}` compares with `is`: only `{shown}` itself matches.")),
        "string" | "concatenated_string" => literal_note(&shown, false, out),
        "integer" | "float" | "complex_pattern" => literal_note(&shown, true, out),
        _ => describe(context, value, out),
    }
}

/// What positional sub-patterns of `Name(...)` match: the attributes `__match_args__` names.
fn match_args_note(context: &Context, class: Node, name: &str, positional: &[Node]) -> String {
    let count = positional.len();
    let local = class.named_child_count() == 1 && class.named_child(0).and_then(|identifier| class_named(context, name, identifier)).is_some();
    let fields = if local {
        class.named_child(0).and_then(|identifier| class_named(context, name, identifier)).and_then(|definition| local_match_args(context, definition))
    } else {
        named_tuple_call_fields(context, class)
    };
    match fields {
        Some(fields) if fields.len() >= count => {
            let pairs: Vec<String> = positional
                .iter()
                .zip(&fields)
                .map(|(pattern, field)| format!("`{}` matches `.{field}`", snippet(context.text, *pattern, 20)))
                .collect();
            format!("positional sub-patterns go through `__match_args__` {}: {}.", tuple_text(&fields), pairs.join(", "))
        }
        Some(fields) => format!("its `__match_args__` is {}, too short for {count} positional sub-patterns: `TypeError`.", tuple_text(&fields)),
        None if local => format!("`{name}` sets no `__match_args__` here: unless a base class does, positional sub-patterns raise `TypeError`."),
        None => format!("positional sub-patterns go through `{name}.__match_args__` (dataclasses and named tuples set it)."),
    }
}

fn tuple_text(fields: &[String]) -> String {
    match fields {
        [] => "`()`".to_owned(),
        [one] => format!("`('{one}',)`"),
        _ => format!("`({})`", fields.iter().map(|field| format!("'{field}'")).collect::<Vec<_>>().join(", ")),
    }
}

/// `__match_args__` of a class statement of the file: assigned in its body, or set by
/// `@dataclass` or a `NamedTuple` base from the annotated fields. `None` when unknown.
fn local_match_args(context: &Context, class: Node) -> Option<Vec<String>> {
    let body = class.child_by_field_name("body")?;
    let mut cursor = body.walk();
    let statements: Vec<Node> = body.named_children(&mut cursor).collect();
    for statement in &statements {
        let Some(assignment) = statement.named_child(0).filter(|_| statement.kind() == "expression_statement") else { continue };
        if assignment.kind() != "assignment" {
            continue;
        }
        let is_match_args = assignment.child_by_field_name("left").is_some_and(|left| text_of(context.text, left) == "__match_args__");
        if is_match_args {
            return string_items(context, assignment.child_by_field_name("right")?);
        }
    }
    let dataclass = decorators(class).into_iter().find(|decorator| {
        decorator_callee(*decorator).and_then(|callee| context.resolve(callee)).as_deref() == Some("dataclasses.dataclass")
    });
    let named_tuple = syntax::bases(class).into_iter().any(|base| {
        matches!(context.resolve(base).as_deref(), Some("typing.NamedTuple" | "typing_extensions.NamedTuple"))
    });
    if let Some(decorator) = dataclass {
        // Inherited dataclass fields come first; only a class without bases is certain.
        if !syntax::bases(class).is_empty() {
            return None;
        }
        if let Some(call) = decorator.named_child(0).filter(|expression| expression.kind() == "call") {
            if keyword_argument(context.text, call, "match_args").is_some_and(|value| value.kind() == "false") {
                return Some(Vec::new());
            }
            if keyword_argument(context.text, call, "kw_only").is_some_and(|value| value.kind() == "true") {
                return Some(Vec::new());
            }
        }
        return annotated_fields(context, &statements, true);
    }
    if named_tuple {
        return annotated_fields(context, &statements, false);
    }
    None
}

/// The annotated names of a class body in order: dataclass fields stop at `_: KW_ONLY` and skip
/// `ClassVar`, `InitVar` and `field(init=False)` / `field(kw_only=True)`.
fn annotated_fields(context: &Context, statements: &[Node], dataclass: bool) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    for statement in statements {
        let Some(assignment) = statement.named_child(0).filter(|_| statement.kind() == "expression_statement") else { continue };
        if assignment.kind() != "assignment" {
            continue;
        }
        let (Some(left), Some(annotation)) = (assignment.child_by_field_name("left"), assignment.child_by_field_name("type")) else {
            continue;
        };
        if left.kind() != "identifier" {
            continue;
        }
        let annotation_text = text_of(context.text, annotation);
        if dataclass {
            if annotation_text.ends_with("KW_ONLY") {
                break;
            }
            if annotation_text.contains("ClassVar") || annotation_text.contains("InitVar") {
                continue;
            }
            let value = assignment.child_by_field_name("right");
            if let Some(call) = value.filter(|value| value.kind() == "call") {
                let is_field = call.child_by_field_name("function").and_then(|callee| context.resolve(callee)).as_deref()
                    == Some("dataclasses.field");
                if is_field {
                    let init_false = keyword_argument(context.text, call, "init").is_some_and(|value| value.kind() == "false");
                    let kw_only = keyword_argument(context.text, call, "kw_only").is_some_and(|value| value.kind() == "true");
                    if init_false || kw_only {
                        continue;
                    }
                }
            }
        }
        fields.push(text_of(context.text, left).to_owned());
    }
    Some(fields)
}

/// The field names of `Name = namedtuple("Name", "a b")` when `class` names such a module-level assignment.
fn named_tuple_call_fields(context: &Context, class: Node) -> Option<Vec<String>> {
    if class.named_child_count() != 1 {
        return None;
    }
    let name = text_of(context.text, class);
    let assignment = context.file_nodes("assignment").into_iter().rev().find(|assignment| {
        assignment.child_by_field_name("left").is_some_and(|left| left.kind() == "identifier" && text_of(context.text, left) == name)
            && syntax::enclosing_scope(*assignment).is_none()
    })?;
    let call = assignment.child_by_field_name("right").filter(|right| right.kind() == "call")?;
    let callee = call.child_by_field_name("function")?;
    if context.resolve(callee).as_deref() != Some("collections.namedtuple") {
        return None;
    }
    let fields = syntax::positional_arguments(call).get(1).copied()?;
    if fields.kind() == "string" {
        let value = string_value(context, fields)?;
        return Some(value.replace(',', " ").split_whitespace().map(str::to_owned).collect());
    }
    string_items(context, fields)
}

/// The strings of a tuple or list display of plain string literals.
fn string_items(context: &Context, display: Node) -> Option<Vec<String>> {
    if !matches!(display.kind(), "tuple" | "list" | "parenthesized_expression") {
        return None;
    }
    let mut cursor = display.walk();
    let items: Vec<Node> = display.named_children(&mut cursor).filter(|item| item.kind() != "comment").collect();
    items.into_iter().map(|item| string_value(context, item)).collect()
}

/// The text of a plain string literal without prefixes or escapes.
fn string_value(context: &Context, string: Node) -> Option<String> {
    if string.kind() != "string" {
        return None;
    }
    let mut cursor = string.walk();
    let parts: Vec<Node> = string.named_children(&mut cursor).collect();
    if parts.iter().any(|part| !matches!(part.kind(), "string_start" | "string_content" | "string_end")) {
        return None;
    }
    let start = parts.first().map(|start| text_of(context.text, *start))?;
    if start.chars().any(|ch| ch.is_ascii_alphabetic()) {
        return None;
    }
    Some(parts.iter().filter(|part| part.kind() == "string_content").map(|part| text_of(context.text, *part)).collect())
}
