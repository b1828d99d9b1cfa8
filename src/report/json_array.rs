//! Writing the one long array of a pretty JSON document (JSON's findings, SARIF's
//! results) an element at a time, with the bytes serde_json's pretty printer gives the
//! whole document: holding every element first took 400 MB and a second of page
//! faults for 50,000 SARIF results, and a fifth of a JSON run's time in growing the
//! vector that held them.

use std::cell::RefCell;

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

    /// Writes `element` as the pretty printer would at this depth.
    #[cfg(test)]
    pub fn write(
        &mut self,
        out: &mut dyn std::io::Write,
        element: &(impl Serialize + Sync),
    ) -> std::io::Result<()> {
        self.write_each(out, std::slice::from_ref(element), |element| element)
    }

    /// Writes an element made by `element` of each of `items`, in order, as the pretty
    /// printer would at this depth, serialized on all cores.
    pub fn write_each<'a, T: Sync, E: Serialize>(
        &mut self,
        out: &mut dyn std::io::Write,
        items: &'a [T],
        element: impl Fn(&'a T) -> E + Sync,
    ) -> std::io::Result<()> {
        self.write_each_directly(out, items, |bytes, indent, item| {
            write_pretty(bytes, indent, &element(item))
        })
    }

    /// Writes what `write` writes of each of `items` as an element, in order, on all
    /// cores: `write` is given the element's line indentation (after which it starts)
    /// and writes the element at that depth itself.
    pub fn write_each_directly<'a, T: Sync>(
        &mut self,
        out: &mut dyn std::io::Write,
        items: &'a [T],
        write: impl Fn(&mut Vec<u8>, &str, &'a T) -> std::io::Result<()> + Sync,
    ) -> std::io::Result<()> {
        let written_before = self.written;
        super::batches::write_rendered(out, items, |first, part, bytes| {
            for (index, item) in part.iter().enumerate() {
                // Only the array's very first element has no comma before it.
                let very_first = written_before + first + index == 0;
                bytes.extend_from_slice(if very_first { b"\n" } else { b",\n" });
                bytes.extend_from_slice(self.indent.as_bytes());
                write(bytes, self.indent, item)?;
            }
            Ok(())
        })?;
        self.written += items.len();
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

/// Appends `element` pretty-printed, its first line after an indentation already
/// written, each further line indented by `indent` (a JSON string holds no line break,
/// so every line of the element is a line of its structure). The pretty text is made
/// in a buffer each thread reuses, as a string for each element was not.
fn write_pretty(
    bytes: &mut Vec<u8>,
    indent: &str,
    element: &impl Serialize,
) -> std::io::Result<()> {
    thread_local! {
        static PRETTY: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    PRETTY.with_borrow_mut(|pretty| {
        pretty.clear();
        serde_json::to_writer_pretty(&mut *pretty, element)?;
        let mut line_start = 0;
        for line_end in memchr::memchr_iter(b'\n', pretty) {
            bytes.extend_from_slice(&pretty[line_start..=line_end]);
            bytes.extend_from_slice(indent.as_bytes());
            line_start = line_end + 1;
        }
        bytes.extend_from_slice(&pretty[line_start..]);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_written_one_at_a_time_read_as_the_pretty_printer_writes_the_whole() {
        let elements = [
            serde_json::json!({"code": "a", "related": [{"line": 1}, {"line": 2}], "empty": []}),
            serde_json::json!("a string: with [brackets], {braces} and \"quotes\"\n"),
            serde_json::json!({}),
        ];
        for count in 0..=elements.len() {
            let document =
                serde_json::json!({"version": 1, "findings": &elements[..count], "tail": {"n": 2}});
            let (head, tail) = split_at_empty_array(
                serde_json::to_string_pretty(
                    &serde_json::json!({"version": 1, "findings": [], "tail": {"n": 2}}),
                )
                .unwrap(),
                "findings",
            );
            let mut out = head.into_bytes();
            let mut array = ArrayElements::at("    ");
            for element in &elements[..count] {
                array.write(&mut out, element).unwrap();
            }
            array.close(&mut out).unwrap();
            out.extend_from_slice(tail.as_bytes());
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string_pretty(&document).unwrap()
            );
        }
    }

    #[test]
    fn elements_written_on_all_cores_are_those_written_one_by_one() {
        let items: Vec<usize> = (0..40_000).collect();
        let element = |item: &usize| serde_json::json!({"item": item, "list": [item, item]});
        for already in [0, 1] {
            let mut one_by_one = Vec::new();
            let mut array = ArrayElements::at("  ");
            for item in &items[..already] {
                array.write(&mut one_by_one, &element(item)).unwrap();
            }
            let mut all_cores = one_by_one.clone();
            let mut parallel = ArrayElements::at("  ");
            parallel.written = array.written;
            for item in &items[already..] {
                array.write(&mut one_by_one, &element(item)).unwrap();
            }
            parallel
                .write_each(&mut all_cores, &items[already..], element)
                .unwrap();
            assert_eq!(parallel.written, array.written);
            assert!(all_cores == one_by_one, "written before: {already}");
        }
    }
}
