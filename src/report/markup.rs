//! Markdown to simple HTML, for the explanations in a report: paragraphs, headings, lists
//! (nested by indentation), block quotes, fenced code, inline code, links, bold and italics.
//! Every piece of text is escaped; raw HTML in the Markdown comes out as text, and a link whose
//! target is not http(s), mailto or relative comes out as its text alone.

/// The HTML of `markdown`; a `#` heading becomes `<h{1 + heading_shift}>` (at most `h6`), so
/// the text fits under the page's own headings.
pub fn to_html(markdown: &str, heading_shift: usize) -> String {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut out = String::new();
    blocks(&lines, heading_shift, false, &mut out);
    out
}

/// Inline Markdown (code, links, emphasis) of one line or paragraph, as HTML.
pub fn inline_html(text: &str) -> String {
    let mut out = String::new();
    inline(text, &mut out, true);
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Block structure. In a `tight` list item, paragraphs come out without `<p>`.
fn blocks(lines: &[&str], heading_shift: usize, tight: bool, out: &mut String) {
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            index += 1;
            continue;
        }
        if let Some(info) = trimmed.strip_prefix("```") {
            let indent = line.len() - trimmed.len();
            let language: String =
                info.trim().chars().take_while(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '+')).collect();
            let mut code = Vec::new();
            index += 1;
            while index < lines.len() && !lines[index].trim_start().starts_with("```") {
                code.push(strip_indent(lines[index], indent));
                index += 1;
            }
            // The closing fence; an unclosed block runs to the end.
            index += 1;
            if language.is_empty() {
                out.push_str("<pre><code>");
            } else {
                out.push_str(&format!("<pre><code class=\"language-{language}\">"));
            }
            out.push_str(&escape(&code.join("\n")));
            out.push_str("</code></pre>\n");
            continue;
        }
        if let Some((level, text)) = heading(trimmed) {
            let level = (level + heading_shift).min(6);
            out.push_str(&format!("<h{level}>{}</h{level}>\n", inline_html(text)));
            index += 1;
            continue;
        }
        if trimmed.starts_with('>') {
            let mut quoted = Vec::new();
            while index < lines.len() {
                let Some(rest) = lines[index].trim_start().strip_prefix('>') else { break };
                quoted.push(rest.strip_prefix(' ').unwrap_or(rest));
                index += 1;
            }
            out.push_str("<blockquote>\n");
            blocks(&quoted, heading_shift, false, out);
            out.push_str("</blockquote>\n");
            continue;
        }
        if let Some(marker) = list_marker(line) {
            index = list(lines, index, marker, heading_shift, out);
            continue;
        }
        let mut paragraph = vec![trimmed];
        index += 1;
        while index < lines.len() && !lines[index].trim().is_empty() && !starts_block(lines[index]) {
            paragraph.push(lines[index].trim());
            index += 1;
        }
        let text = inline_html(&paragraph.join("\n"));
        if tight {
            out.push_str(&text);
            out.push('\n');
        } else {
            out.push_str(&format!("<p>{text}</p>\n"));
        }
    }
}

fn strip_indent(line: &str, indent: usize) -> &str {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    &line[spaces.min(indent)..]
}

fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|ch| *ch == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if rest.is_empty() {
        return Some((level, ""));
    }
    rest.strip_prefix(' ').map(|text| (level, text.trim().trim_end_matches('#').trim_end()))
}

fn starts_block(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with("```") || trimmed.starts_with('>') || heading(trimmed).is_some() || list_marker(line).is_some()
}

/// A list item's marker: where it starts, whether it is numbered, and where its text starts.
#[derive(Clone, Copy)]
struct Marker {
    indent: usize,
    ordered: bool,
    content: usize,
}

fn list_marker(line: &str) -> Option<Marker> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    if rest.starts_with("- ") || rest.starts_with("* ") || rest.starts_with("+ ") {
        return Some(Marker { indent, ordered: false, content: indent + 2 });
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) && (rest[digits..].starts_with(". ") || rest[digits..].starts_with(") ")) {
        return Some(Marker { indent, ordered: true, content: indent + digits + 2 });
    }
    None
}

/// A list starting at `lines[start]`; returns the index after it.
fn list(lines: &[&str], start: usize, first: Marker, heading_shift: usize, out: &mut String) -> usize {
    let mut items: Vec<Vec<&str>> = Vec::new();
    let mut loose = false;
    let mut index = start;
    let mut content = first.content;
    while index < lines.len() {
        let line = lines[index];
        if line.trim().is_empty() {
            // A blank line continues the list when what follows belongs to it.
            let next = lines[index + 1..].iter().position(|line| !line.trim().is_empty()).map(|offset| index + 1 + offset);
            let continues = next.is_some_and(|next| {
                let following = lines[next];
                let indent = following.len() - following.trim_start_matches(' ').len();
                list_marker(following).is_some_and(|marker| marker.indent == first.indent && marker.ordered == first.ordered)
                    || indent >= content
            });
            if !continues {
                break;
            }
            loose = true;
            if let Some(item) = items.last_mut() {
                item.push("");
            }
            index += 1;
            continue;
        }
        match list_marker(line) {
            Some(marker) if marker.indent == first.indent && marker.ordered == first.ordered => {
                content = marker.content;
                items.push(vec![&line[marker.content.min(line.len())..]]);
            }
            Some(marker) if marker.indent <= first.indent => break,
            _ => {
                let indent = line.len() - line.trim_start_matches(' ').len();
                let lazy = indent < content;
                let previous_blank = items.last().and_then(|item| item.last()).is_some_and(|last| last.is_empty());
                if lazy && (previous_blank || starts_block(line)) {
                    break;
                }
                let Some(item) = items.last_mut() else { break };
                item.push(if lazy { line.trim_start() } else { &line[content..] });
            }
        }
        index += 1;
    }
    let tag = if first.ordered { "ol" } else { "ul" };
    out.push_str(&format!("<{tag}>\n"));
    for item in &items {
        let mut lines = item.clone();
        while lines.last().is_some_and(|line| line.is_empty()) {
            lines.pop();
        }
        out.push_str("<li>");
        let mut inner = String::new();
        blocks(&lines, heading_shift, !loose, &mut inner);
        out.push_str(inner.trim_end());
        out.push_str("</li>\n");
    }
    out.push_str(&format!("</{tag}>\n"));
    index
}

/// Inline Markdown into `out`; `links` is false inside a link's text.
fn inline(text: &str, out: &mut String, links: bool) {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < text.len() {
        let byte = bytes[index];
        match byte {
            b'\\' if index + 1 < text.len() && bytes[index + 1].is_ascii_punctuation() => {
                out.push_str(&escape(&text[index + 1..index + 2]));
                index += 2;
            }
            b'`' => {
                let run = text[index..].bytes().take_while(|byte| *byte == b'`').count();
                match closing_backticks(text, index + run, run) {
                    Some(end) => {
                        let code = text[index + run..end].replace('\n', " ");
                        let code = if code.len() > 2 && code.starts_with(' ') && code.ends_with(' ') && !code.trim().is_empty() {
                            &code[1..code.len() - 1]
                        } else {
                            code.as_str()
                        };
                        out.push_str(&format!("<code>{}</code>", escape(code)));
                        index = end + run;
                    }
                    None => {
                        out.push_str(&text[index..index + run]);
                        index += run;
                    }
                }
            }
            b'[' if links => match link(text, index) {
                Some((label, target, end)) => {
                    let mut label_html = String::new();
                    inline(label, &mut label_html, false);
                    if safe_url(target) {
                        out.push_str(&format!("<a href=\"{}\">{label_html}</a>", escape(target)));
                    } else {
                        out.push_str(&label_html);
                    }
                    index = end;
                }
                None => {
                    out.push('[');
                    index += 1;
                }
            },
            b'*' => {
                let double = text[index..].starts_with("**");
                let delimiter = if double { "**" } else { "*" };
                match emphasis_end(text, index, delimiter) {
                    Some(end) => {
                        let tag = if double { "strong" } else { "em" };
                        out.push_str(&format!("<{tag}>"));
                        inline(&text[index + delimiter.len()..end], out, links);
                        out.push_str(&format!("</{tag}>"));
                        index = end + delimiter.len();
                    }
                    None => {
                        out.push_str(delimiter);
                        index += delimiter.len();
                    }
                }
            }
            _ => {
                let ch = text[index..].chars().next().unwrap_or(' ');
                let mut buffer = [0; 4];
                out.push_str(&escape(ch.encode_utf8(&mut buffer)));
                index += ch.len_utf8();
            }
        }
    }
}

/// Where the run of exactly `run` backticks closing a code span starts, from `from` on.
fn closing_backticks(text: &str, from: usize, run: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut index = from;
    while index < text.len() {
        if bytes[index] == b'`' {
            let length = text[index..].bytes().take_while(|byte| *byte == b'`').count();
            if length == run {
                return Some(index);
            }
            index += length;
        } else {
            index += 1;
        }
    }
    None
}

/// Skips a code span starting at `index`, if one does; returns the index after it.
fn skip_code(text: &str, index: usize) -> Option<usize> {
    let run = text[index..].bytes().take_while(|byte| *byte == b'`').count();
    if run == 0 {
        return None;
    }
    Some(closing_backticks(text, index + run, run).map_or(index + run, |end| end + run))
}

/// `[label](target)` starting at `start`: (label, target, index after the `)`).
fn link(text: &str, start: usize) -> Option<(&str, &str, usize)> {
    let bytes = text.as_bytes();
    let mut depth = 0;
    let mut index = start;
    let close = loop {
        if index >= text.len() {
            return None;
        }
        match bytes[index] {
            b'`' => {
                index = skip_code(text, index)?;
                continue;
            }
            b'\\' => index += 1,
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    break index;
                }
            }
            _ => {}
        }
        index += 1;
    };
    let rest = text.get(close + 1..)?;
    if !rest.starts_with('(') {
        return None;
    }
    // The `)` that closes the `(`: a URL may hold balanced parentheses.
    let mut depth = 0;
    let end = rest.char_indices().find_map(|(offset, ch)| {
        match ch {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(offset);
                }
            }
            _ => {}
        }
        None
    })?;
    let inside = rest[1..end].trim();
    // `(url "title")`: the title is dropped.
    let target = inside.split_whitespace().next().unwrap_or("");
    let target = target.strip_prefix('<').and_then(|target| target.strip_suffix('>')).unwrap_or(target);
    Some((&text[start + 1..close], target, close + 1 + end + 1))
}

fn safe_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:") {
        return true;
    }
    // Relative: no scheme before the first `/`, `?` or `#`.
    let head = lower.split(['/', '?', '#']).next().unwrap_or("");
    !url.is_empty() && !head.contains(':')
}

/// Where the `delimiter` closing emphasis opened at `start` is: the opener must be followed by
/// a non-space, the closer preceded by one, and code spans are skipped.
fn emphasis_end(text: &str, start: usize, delimiter: &str) -> Option<usize> {
    let open_end = start + delimiter.len();
    let first = text[open_end..].chars().next()?;
    if first.is_whitespace() || (delimiter == "*" && first == '*') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut index = open_end + first.len_utf8();
    while index < text.len() {
        if bytes[index] == b'`' {
            index = skip_code(text, index)?;
            continue;
        }
        if text[index..].starts_with(delimiter) {
            let before = text[..index].chars().next_back().unwrap_or(' ');
            let doubled = delimiter == "*" && text[index..].starts_with("**");
            if !before.is_whitespace() && !doubled {
                return Some(index);
            }
            if doubled {
                index += 2;
                continue;
            }
        }
        index += text[index..].chars().next().map_or(1, char::len_utf8);
    }
    None
}
