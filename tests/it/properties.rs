//! Property tests: random incremental edits keep the server's text, tree and analysis in step
//! with the client's; position conversions round-trip on arbitrary Unicode; no input, random or a
//! mutation of a real file, makes the analysis or a handler panic.

use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;
use tower_lsp_server::ls_types::{CodeActionContext, Uri};

use pyexplain::document::encoding::{self as convert, Encoding, LinePos};
use pyexplain::document::{LineIndex, TextChange};
use pyexplain::ide::OpenFile;
use pyexplain::knowledge::Knowledge;
use pyexplain::lsp::{code_action, diagnostics, hover};
use pyexplain::settings::Settings;

// The client's side, written afresh so the properties do not trust `convert` ---------------

/// Byte offsets a client can name: character boundaries, except between the `\r` and `\n` of
/// a `\r\n`.
fn positions(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    (0..=text.len())
        .filter(|offset| text.is_char_boundary(*offset))
        .filter(|offset| !(*offset > 0 && bytes[offset - 1] == b'\r' && bytes.get(*offset) == Some(&b'\n')))
        .collect()
}

/// The position of `offset` as a client counts it: `\n`, `\r\n` and a lone `\r` end lines.
fn client_position(text: &str, offset: usize, encoding: Encoding) -> LinePos {
    let before = &text[..offset];
    let bytes = text.as_bytes();
    let mut line = 0;
    let mut line_start = 0;
    for (index, byte) in before.bytes().enumerate() {
        let lone_cr = byte == b'\r' && bytes.get(index + 1) != Some(&b'\n');
        if byte == b'\n' || lone_cr {
            line += 1;
            line_start = index + 1;
        }
    }
    let prefix = &before[line_start..];
    let character = match encoding {
        Encoding::Utf8 => prefix.len(),
        Encoding::Utf16 => prefix.encode_utf16().count(),
        Encoding::Chars => prefix.chars().count(),
    };
    LinePos { line, character: character as u32 }
}

fn line_breaks(text: &str) -> usize {
    text.replace("\r\n", "\n").chars().filter(|ch| *ch == '\n' || *ch == '\r').count()
}

/// A node's kind, byte range, rows and columns, and error flags.
type NodeSummary = (&'static str, Range<usize>, tree_sitter::Point, tree_sitter::Point, bool, bool);

/// Every node of a tree, named and anonymous: two trees with equal lists are the same tree.
fn nodes(tree: &tree_sitter::Tree) -> Vec<NodeSummary> {
    let mut acc = Vec::new();
    pyexplain::analysis::walk(tree.root_node(), |node| {
        acc.push((node.kind(), node.byte_range(), node.start_position(), node.end_position(), node.is_missing(), node.is_error()));
        true
    });
    acc
}

fn knowledge() -> &'static Knowledge {
    Knowledge::builtin()
}

// Edits ----------------------------------------------------------------------------------------

/// Pieces of text that edits are made of: Python tokens, every kind of line break, multi-byte,
/// astral and combining characters, a BOM and a NUL.
const FRAGMENTS: &[&str] = &[
    "a",
    "x",
    "_1",
    " ",
    "    ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "é",
    "e\u{301}",
    "😀",
    "𝒙",
    "中文",
    "\u{feff}",
    "\0",
    "\u{2028}",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    "'",
    "\"",
    "\"\"\"",
    "#",
    "\\",
    "def ",
    "class ",
    "yield",
    " from ",
    "yield from it",
    "lambda: ",
    "with ",
    " as ",
    "for ",
    " in ",
    "async ",
    "await ",
    "@",
    "=",
    ",",
    ".",
    "return ",
    "pass",
    "import pickle as p\n",
    "def g(it):\n    yield from it\n",
    "class M(type):\n    pass\n",
];

fn fragment_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..max).prop_map(|pieces| pieces.concat())
}

/// One content change, with its range picked among the positions of the text it applies to.
#[derive(Debug, Clone)]
enum Change {
    Range { start: Index, length: usize, text: String },
    Full { text: String },
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        12 => (any::<Index>(), prop_oneof![3 => Just(0usize), 2 => 0usize..4, 1 => 0usize..40], fragment_text(4))
            .prop_map(|(start, length, text)| Change::Range { start, length, text }),
        1 => fragment_text(12).prop_map(|text| Change::Full { text }),
    ]
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop_oneof![Just(Encoding::Utf16), Just(Encoding::Utf8), Just(Encoding::Chars)]
}

/// Turns `change` into what the client sends, and applies it to the client's text.
fn client_change(client: &mut String, change: &Change, encoding: Encoding) -> TextChange {
    match change {
        Change::Full { text } => {
            *client = text.clone();
            TextChange { range: None, text: text.clone() }
        }
        Change::Range { start, length, text } => {
            let offsets = positions(client);
            let first = start.index(offsets.len());
            let last = (first + length).min(offsets.len() - 1);
            let range = offsets[first]..offsets[last];
            let from = client_position(client, range.start, encoding);
            let to = client_position(client, range.end, encoding);
            client.replace_range(range, text);
            TextChange { range: Some((from, to)), text: text.clone() }
        }
    }
}

/// Applies one `didChange` to both sides and checks the invariants: the texts are equal; the
/// incremental tree and analysis equal a from-scratch parse wherever that one has no error.
fn step(document: &OpenFile, client: &mut String, changes: &[Change], encoding: Encoding) -> Result<OpenFile, TestCaseError> {
    let sent: Vec<TextChange> = changes.iter().map(|change| client_change(client, change, encoding)).collect();
    let next = document.apply(&sent, document.version + 1, encoding);
    prop_assert_eq!(&next.text, &*client, "changes {:?}", sent);
    let fresh = OpenFile::new(client.clone(), next.version);
    prop_assert_eq!(&next.lines, &fresh.lines);
    if !fresh.tree().root_node().has_error() {
        prop_assert_eq!(nodes(&next.tree()), nodes(&fresh.tree()), "incremental and fresh trees differ for {:?}", client);
        prop_assert_eq!(&*next.analysis(knowledge()), &*fresh.analysis(knowledge()), "for {:?}", client);
    }
    Ok(next)
}

// Valid programs: blocks that are whole top-level statements, so edits between them keep the
// text free of errors and every step compares trees and analyses. No block starts with a line
// break, so no boundary falls inside a `\r\n` (a position no client can name).

const BLOCKS: &[&str] = &[
    "def read_all(paths):\n    total = yield from read_lines(paths)\n    return total\n",
    "class Meta(type):\n    pass\n",
    "class Shape(metaclass=Meta):\n    name = '😀 e\u{301} 中文'\n",
    "with open(path) as handle:\n    data = handle.read()\n",
    "def lines(f):\n    for line in f:\n        yield line\n",
    "import pickle as p\nobj = p.loads(data)\n",
    "def f(x=[]):\n    return [lambda: i for i in x]\n",
    "async def main(lock):\n    async with lock:\n        await go()\n",
    "import functools\n@functools.lru_cache(maxsize=None)\ndef cached(n):\n    return n\n",
    "from abc import ABC, abstractmethod\nclass Base(ABC):\n    @abstractmethod\n    def run(self): ...\n",
    "def outer():\n    count = 0\n    def inner():\n        nonlocal count\n        count += 1\n    return inner\n",
    "# 𝔠𝔬𝔪𝔪𝔢𝔫𝔱\tand a tab\n",
    "x = (1,\n\n     2)\n\n",
];

const LINE_ENDINGS: &[&str] = &["\n", "\r\n", "\r"];

fn block(which: usize, ending: usize) -> String {
    BLOCKS[which % BLOCKS.len()].replace('\n', LINE_ENDINGS[ending % LINE_ENDINGS.len()])
}

/// An edit of a valid program, between blocks.
#[derive(Debug, Clone)]
enum BlockEdit {
    Insert {
        at: Index,
        block: usize,
        ending: usize,
    },
    Delete {
        at: Index,
    },
    Replace {
        at: Index,
        block: usize,
        ending: usize,
    },
    /// Types a block in `batches` didChange notifications, several changes each.
    Type {
        at: Index,
        block: usize,
        ending: usize,
        batches: usize,
    },
    /// Deletes a block from its end, a piece per didChange.
    Backspace {
        at: Index,
        batches: usize,
    },
}

fn block_edit() -> impl Strategy<Value = BlockEdit> {
    let which = 0..BLOCKS.len();
    let ending = prop_oneof![4 => Just(0usize), 2 => Just(1usize), 1 => Just(2usize)];
    prop_oneof![
        (any::<Index>(), which.clone(), ending.clone()).prop_map(|(at, block, ending)| BlockEdit::Insert { at, block, ending }),
        any::<Index>().prop_map(|at| BlockEdit::Delete { at }),
        (any::<Index>(), which.clone(), ending.clone()).prop_map(|(at, block, ending)| BlockEdit::Replace { at, block, ending }),
        (any::<Index>(), which, ending, 1usize..8).prop_map(|(at, block, ending, batches)| BlockEdit::Type { at, block, ending, batches }),
        (any::<Index>(), 1usize..6).prop_map(|(at, batches)| BlockEdit::Backspace { at, batches }),
    ]
}

/// Splits `text` into `parts` pieces at positions a client can name (some may be empty).
fn split(text: &str, parts: usize) -> Vec<&str> {
    let offsets = positions(text);
    let mut pieces = Vec::new();
    let mut start = 0;
    for part in 1..=parts {
        let wanted = text.len() * part / parts;
        let end = offsets.iter().copied().find(|offset| *offset >= wanted).unwrap_or(text.len());
        pieces.push(&text[start..end]);
        start = end;
    }
    pieces
}

/// The didChange batches of one block edit, as byte ranges of the text each applies to.
fn block_batches(blocks: &mut Vec<String>, edit: &BlockEdit) -> Vec<Vec<(Range<usize>, String)>> {
    let start_of = |blocks: &[String], index: usize| blocks[..index].iter().map(String::len).sum::<usize>();
    match edit {
        BlockEdit::Insert { at, block: which, ending } => {
            let index = at.index(blocks.len() + 1);
            let text = block(*which, *ending);
            let start = start_of(blocks, index);
            blocks.insert(index, text.clone());
            vec![vec![(start..start, text)]]
        }
        BlockEdit::Delete { .. } | BlockEdit::Replace { .. } if blocks.is_empty() => Vec::new(),
        BlockEdit::Delete { at } => {
            let index = at.index(blocks.len());
            let start = start_of(blocks, index);
            let removed = blocks.remove(index);
            vec![vec![(start..start + removed.len(), String::new())]]
        }
        BlockEdit::Replace { at, block: which, ending } => {
            let index = at.index(blocks.len());
            let start = start_of(blocks, index);
            let text = block(*which, *ending);
            let old = std::mem::replace(&mut blocks[index], text.clone());
            vec![vec![(start..start + old.len(), text)]]
        }
        BlockEdit::Type { at, block: which, ending, batches } => {
            let index = at.index(blocks.len() + 1);
            let text = block(*which, *ending);
            let mut position = start_of(blocks, index);
            let mut acc = Vec::new();
            for piece in split(&text, *batches) {
                // Two changes per notification: each half typed at the cursor.
                let mut batch = Vec::new();
                for half in split(piece, 2) {
                    batch.push((position..position, half.to_owned()));
                    position += half.len();
                }
                acc.push(batch);
            }
            blocks.insert(index, text);
            acc
        }
        BlockEdit::Backspace { at, batches } => {
            if blocks.is_empty() {
                return Vec::new();
            }
            let index = at.index(blocks.len());
            let start = start_of(blocks, index);
            let removed = blocks.remove(index);
            let pieces = split(&removed, *batches);
            let mut end = start + removed.len();
            let mut acc = Vec::new();
            for piece in pieces.iter().rev() {
                acc.push(vec![(end - piece.len()..end, String::new())]);
                end -= piece.len();
            }
            acc
        }
    }
}

// Hostile inputs -------------------------------------------------------------------------------

/// Runs the analysis and every handler over `document`; a panic fails the property.
fn exercise(document: &OpenFile, probes: &[Index]) {
    let analysis = document.analysis(knowledge());
    let settings = Settings::default();
    for encoding in [Encoding::Utf16, Encoding::Utf8] {
        let diagnostics = diagnostics::diagnostics(document, &analysis, knowledge(), &settings, encoding);
        for occurrence in &analysis.occurrences {
            let at = convert::position_of(&document.text, &document.lines, occurrence.anchor.start, encoding);
            let _ = hover::hover(document, knowledge(), &settings, at, encoding);
        }
        let offsets = positions(&document.text);
        for probe in probes {
            let at = convert::position_of(&document.text, &document.lines, offsets[probe.index(offsets.len())], encoding);
            let _ = hover::hover(document, knowledge(), &settings, at, encoding);
        }
        let uri: Uri = "file:///properties/module.py".parse().expect("a valid URI");
        let context = CodeActionContext { diagnostics, only: None, trigger_kind: None };
        let request = code_action::Request {
            uri: &uri,
            document,
            range: 0..document.text.len(),
            context: &context,
            knowledge: knowledge(),
            settings: &settings,
            encoding,
        };
        let _ = code_action::code_actions(&request);
    }
}

/// Real Python: the example module and every `## Example` block of the knowledge base.
fn real_files() -> &'static [(String, String)] {
    static FILES: LazyLock<Vec<(String, String)>> = LazyLock::new(read_real_files);
    &FILES
}

fn read_real_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![(
        "examples/inventory.py".to_owned(),
        std::fs::read_to_string(root.join("examples/inventory.py")).expect("the example exists"),
    )];
    let mut entries: Vec<_> = walk(&root.join("knowledge"));
    entries.sort();
    for path in entries.into_iter().filter(|path| path.extension().is_some_and(|ext| ext == "md")) {
        let text = std::fs::read_to_string(&path).expect("a knowledge entry reads");
        if let Some(example) = example_block(&text) {
            files.push((path.strip_prefix(root).unwrap_or(&path).display().to_string(), example));
        }
    }
    files
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut acc = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            acc.extend(walk(&path));
        } else {
            acc.push(path);
        }
    }
    acc
}

/// The first fenced Python block after `## Example`.
fn example_block(markdown: &str) -> Option<String> {
    let section = &markdown[markdown.find("## Example")?..];
    let body = &section[section.find("```python\n")? + "```python\n".len()..];
    Some(body[..body.find("```")?].to_owned())
}

/// Python-shaped byte soup: fragments with random bytes between them.
fn python_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(FRAGMENTS).prop_map(|fragment| fragment.as_bytes().to_vec()),
            1 => prop::collection::vec(any::<u8>(), 0..6),
        ],
        0..120,
    )
    .prop_map(|pieces| pieces.concat())
}

/// Text with every kind of line break and arbitrary characters, astral ones included.
fn unicode_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => any::<char>().prop_map(String::from),
            2 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
            1 => Just("\r\n".to_owned()),
            1 => Just("\r".to_owned()),
            1 => Just("\n".to_owned()),
        ],
        0..80,
    )
    .prop_map(|pieces| pieces.concat())
}

// Properties -----------------------------------------------------------------------------------

/// `cases` per property, unless `PROPTEST_CASES` asks for a longer (or shorter) run.
fn config(cases: u32) -> Config {
    let default = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_some() {
        default
    } else {
        Config { cases, ..default }
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Arbitrary edits of arbitrary text: the texts stay equal, and where the result parses
    /// cleanly the incremental tree and analysis equal fresh ones.
    #[test]
    fn random_edits_keep_the_text_in_step(
        initial in fragment_text(30),
        notifications in prop::collection::vec((prop::collection::vec(change(), 1..4), encoding()), 1..12),
    ) {
        let mut client = initial.clone();
        let mut document = OpenFile::new(initial, 0);
        for (changes, encoding) in &notifications {
            document = step(&document, &mut client, changes, *encoding)?;
        }
    }

    /// Edits of a valid program between its statements, some typed or deleted a piece per
    /// notification: after every notification that leaves it valid, trees and analyses agree.
    #[test]
    fn edits_of_valid_programs_reparse_like_fresh_ones(
        initial in prop::collection::vec((0..BLOCKS.len(), 0usize..3), 0..8),
        edits in prop::collection::vec((block_edit(), encoding()), 1..10),
    ) {
        let mut blocks: Vec<String> = initial.iter().map(|(which, ending)| block(*which, *ending)).collect();
        let mut client = blocks.concat();
        let mut document = OpenFile::new(client.clone(), 0);
        for (edit, encoding) in &edits {
            for batch in block_batches(&mut blocks, edit) {
                let sent: Vec<TextChange> = batch
                    .iter()
                    .map(|(range, text)| {
                        let from = client_position(&client, range.start, *encoding);
                        let to = client_position(&client, range.end, *encoding);
                        client.replace_range(range.clone(), text);
                        TextChange { range: Some((from, to)), text: text.clone() }
                    })
                    .collect();
                document = document.apply(&sent, document.version + 1, *encoding);
                prop_assert_eq!(&document.text, &client, "changes {:?}", sent);
                let fresh = OpenFile::new(client.clone(), document.version);
                if !fresh.tree().root_node().has_error() {
                    prop_assert_eq!(nodes(&document.tree()), nodes(&fresh.tree()), "incremental and fresh trees differ for {:?}", client);
                    prop_assert_eq!(&*document.analysis(knowledge()), &*fresh.analysis(knowledge()), "for {:?}", client);
                }
            }
            prop_assert_eq!(&client, &blocks.concat());
            // Between edits the program is whole again.
            let whole = OpenFile::new(client.clone(), 0);
            prop_assert!(!whole.tree().root_node().has_error(), "a block edit left an error: {:?}", client);
        }
    }

    /// Conversions agree with a client's count on arbitrary Unicode, and round-trip.
    #[test]
    fn positions_round_trip(text in unicode_text(), probes in prop::collection::vec((0u32..40, 0u32..200), 0..20)) {
        let lines = LineIndex::new(&text);
        prop_assert_eq!(lines.line_count(), line_breaks(&text) + 1);
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
            for offset in positions(&text) {
                let position = convert::position_of(&text, &lines, offset, encoding);
                prop_assert_eq!(position, client_position(&text, offset, encoding), "offset {} in {:?}", offset, text);
                prop_assert_eq!(convert::offset_of(&text, &lines, position, encoding), Some(offset), "{:?} in {:?}", position, text);
            }
            // Any position: a line past the end is `None`; otherwise a boundary on that line,
            // at or before the position asked for.
            for (line, character) in &probes {
                let asked = LinePos { line: *line, character: *character };
                match convert::offset_of(&text, &lines, asked, encoding) {
                    None => prop_assert!(*line as usize >= lines.line_count()),
                    Some(offset) => {
                        prop_assert!(text.is_char_boundary(offset));
                        let back = convert::position_of(&text, &lines, offset, encoding);
                        prop_assert_eq!(back.line, *line);
                        prop_assert!(back.character <= *character);
                        let line_range = lines.line_range(&text, *line as usize).expect("the line exists");
                        prop_assert!(line_range.contains(&offset) || offset == line_range.end);
                    }
                }
                prop_assert_eq!(convert::offset_clamped(&text, &lines, asked, encoding) <= text.len(), true);
            }
        }
    }

    /// No bytes make the analysis or a handler panic: decoded lossily, as an editor shows them.
    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in prop_oneof![prop::collection::vec(any::<u8>(), 0..2000), python_bytes()],
        probes in prop::collection::vec(any::<Index>(), 0..8),
    ) {
        let document = OpenFile::new(String::from_utf8_lossy(&bytes).into_owned(), 0);
        exercise(&document, &probes);
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// Mutations of real files, applied as edits: the texts stay equal, trees and analyses agree
    /// where the result is valid, and nothing panics on the way.
    #[test]
    fn mutations_of_real_files(
        file in any::<Index>(),
        notifications in prop::collection::vec((prop::collection::vec(change(), 1..4), encoding()), 1..6),
        probes in prop::collection::vec(any::<Index>(), 0..8),
    ) {
        let files = real_files();
        let (_, text) = &files[file.index(files.len())];
        let mut client = text.clone();
        let mut document = OpenFile::new(text.clone(), 0);
        for (changes, encoding) in &notifications {
            document = step(&document, &mut client, changes, *encoding)?;
            exercise(&document, &probes);
        }
    }
}

#[test]
fn the_real_files_are_found() {
    let files = real_files();
    assert!(files.len() > 20, "{:?}", files.iter().map(|(name, _)| name).collect::<Vec<_>>());
    for (name, text) in files {
        assert!(!OpenFile::new(text.clone(), 0).tree().root_node().has_error() || name.ends_with(".md"), "{name} does not parse");
    }
}
