//! Decoding source files as Python does (PEP 263): a UTF-8 BOM, else a `coding:` comment in the
//! first two lines, else UTF-8.

/// The text of a Python source file, or why it cannot be decoded.
pub fn decode_source(bytes: &[u8]) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        if let Some(declared) = declared_encoding(rest) {
            if normalize(&declared) != "utf-8" {
                return Err(format!("encoding problem: {declared} with BOM"));
            }
        }
        return String::from_utf8(rest.to_vec()).map_err(|error| utf8_message(&error));
    }
    match declared_encoding(bytes).map(|name| (normalize(&name), name)) {
        None => String::from_utf8(bytes.to_vec()).map_err(|error| utf8_message(&error)),
        Some((normalized, name)) => match normalized.as_str() {
            "utf-8" => String::from_utf8(bytes.to_vec()).map_err(|error| utf8_message(&error)),
            "latin-1" => Ok(bytes.iter().map(|byte| *byte as char).collect()),
            "ascii" => {
                if let Some(position) = bytes.iter().position(|byte| *byte >= 0x80) {
                    Err(format!("byte 0x{:02x} at offset {position} is not ASCII, as the coding comment declares", bytes[position]))
                } else {
                    Ok(bytes.iter().map(|byte| *byte as char).collect())
                }
            }
            other => decode_legacy(bytes, other)
                .ok_or_else(|| format!("cannot decode the file as `{name}`, the encoding its coding comment declares")),
        },
    }
}

/// Legacy encodings (cp1252, koi8-r, iso-8859-5, shift_jis...) through their WHATWG labels;
/// `None` for an unknown name or bytes the encoding does not allow.
fn decode_legacy(bytes: &[u8], normalized: &str) -> Option<String> {
    // Python spells Windows code pages `cpNNNN`; WHATWG knows them as `windows-NNNN`.
    let label = match normalized.strip_prefix("cp") {
        Some(page) if page.len() == 4 && page.starts_with("125") => format!("windows-{page}"),
        _ => normalized.to_owned(),
    };
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes())?;
    // WHATWG maps latin-1 labels to windows-1252 and treats UTF-16 specially; those are
    // handled before this point or are not valid source encodings.
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE || encoding == encoding_rs::REPLACEMENT {
        return None;
    }
    encoding.decode_without_bom_handling_and_without_replacement(bytes).map(|text| text.into_owned())
}

fn utf8_message(error: &std::string::FromUtf8Error) -> String {
    format!("not valid UTF-8 (byte offset {}); declare the encoding with a `# -*- coding: ... -*-` line", error.utf8_error().valid_up_to())
}

/// The encoding named by a PEP 263 comment on one of the first two lines.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let mut lines = bytes.split(|byte| *byte == b'\n');
    for (index, line) in lines.by_ref().take(2).enumerate() {
        let line = String::from_utf8_lossy(line);
        let trimmed = line.trim_start_matches([' ', '\t', '\x0c']);
        if !trimmed.starts_with('#') {
            // Only a comment or blank first line lets the second line declare the encoding.
            if index == 0 && !trimmed.trim().is_empty() {
                return None;
            }
            continue;
        }
        if let Some(at) = trimmed.find("coding") {
            let rest = &trimmed[at + "coding".len()..];
            if let Some(rest) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('=')) {
                let name: String = rest
                    .trim_start_matches([' ', '\t'])
                    .chars()
                    .take_while(|ch| ch.is_alphanumeric() || matches!(ch, '-' | '_' | '.'))
                    .collect();
                if !name.is_empty() {
                    return Some(name);
                }
            }
        }
    }
    None
}

fn normalize(name: &str) -> String {
    let lower = name.to_ascii_lowercase().replace('_', "-");
    match lower.as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => "utf-8".into(),
        _ if lower.starts_with("utf-8-") => "utf-8".into(),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "iso-latin-1" | "l1" | "8859" | "cp819" | "latin" => "latin-1".into(),
        _ if lower.starts_with("latin-1-") || lower.starts_with("iso-8859-1-") => "latin-1".into(),
        "ascii" | "us-ascii" | "646" => "ascii".into(),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_pep_263() {
        assert_eq!(decode_source(b"\xef\xbb\xbfx = 1\n").as_deref(), Ok("x = 1\n"));
        assert_eq!(decode_source(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n").as_deref(), Ok("# -*- coding: latin-1 -*-\nx = '\u{e9}'\n"));
        assert!(decode_source(b"x = '\xe9'\n").is_err());
        assert!(decode_source(b"# coding: klingon\n").is_err());
        assert_eq!(decode_source(b"# coding: cp1252\nx = '\x80'\n").as_deref(), Ok("# coding: cp1252\nx = '\u{20ac}'\n"));
        assert_eq!(decode_source(b"# -*- coding: koi8-r -*-\nx = '\xc1'\n").as_deref(), Ok("# -*- coding: koi8-r -*-\nx = '\u{430}'\n"));
        assert_eq!(
            decode_source(b"#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\n\xe9")
                .as_deref()
                .map(|text| text.ends_with('\u{e9}')),
            Ok(true)
        );
    }
}
