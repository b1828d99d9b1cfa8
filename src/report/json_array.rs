//! Writing the one long array of a pretty JSON document (JSON's findings, SARIF's
//! results) an element at a time, with the bytes serde_json's pretty printer gives the
//! whole document: holding every element first took 400 MB and a second of page
//! faults for 50,000 SARIF results, and a fifth of a JSON run's time in growing the
//! vector that held them.

use serde::Serialize;

/// `document`, pretty, with its array under `key` empty, cut after that array's `[`:
/// what comes before the elements and what comes after them.
pub fn split_at_empty_array(mut document: String, key: &str) -> (String, String) {
    let marker = format!("\"{key}\": [");
    let at = document
        .find(&marker)
        .expect("the document has the array, and nothing before it names the key")
        + marker.len();
    let tail = document.split_off(at);
    (document, tail)
}

/// The elements written so far of an array whose elements sit at `indent`.
pub struct ArrayElements {
    indent: &'static str,
    written: usize,
}

impl ArrayElements {
    pub fn at(indent: &'static str) -> Self {
        Self { indent, written: 0 }
    }

    /// Writes `element` as the pretty printer would at this depth (a JSON string holds
    /// no line break, so every line of the element is a line of its structure).
    pub fn write(
        &mut self,
        out: &mut dyn std::io::Write,
        element: &impl Serialize,
    ) -> std::io::Result<()> {
        out.write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
        for (index, line) in serde_json::to_string_pretty(element)?.lines().enumerate() {
            if index > 0 {
                out.write_all(b"\n")?;
            }
            write!(out, "{}{line}", self.indent)?;
        }
        self.written += 1;
        Ok(())
    }

    /// What comes before the array's `]`: after elements, a line break and the
    /// array's own indentation; an empty array is `[]`.
    pub fn close(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        if self.written > 0 {
            write!(out, "\n{}", &self.indent[2..])?;
        }
        Ok(())
    }
}
