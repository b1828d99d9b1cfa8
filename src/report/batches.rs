//! Rendering a run's findings on all cores: each part of a batch is rendered to bytes
//! on its own, and the parts are written in order, a batch held at a time. Rendering
//! was a run's one long step on one core (150,000 findings: most of a SARIF run).

use rayon::prelude::*;

/// Items rendered by one task: enough to outweigh handing it out.
const PART: usize = 512;
/// Items held rendered at once: small enough not to matter, large enough that every
/// core has parts to render.
const BATCH: usize = PART * 32;

/// A batch's parts, rendered, in order.
type Rendered = Vec<std::io::Result<Vec<u8>>>;

/// Writes to `out` what `render` writes of each part of `items`, in order. `render`
/// is given the index in `items` of the part's first item. A batch is written while
/// the next is rendered: one after the other, the cores waited on every write, and
/// the writer on every batch (a third of rendering 120,000 findings as JSON).
pub fn write_rendered<'a, T: Sync>(
    out: &mut dyn std::io::Write,
    items: &'a [T],
    render: impl Fn(usize, &'a [T], &mut Vec<u8>) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    let render_batch = |batch_index: usize, batch: &'a [T]| -> Rendered {
        batch
            .par_chunks(PART)
            .enumerate()
            .map(|(part_index, part)| {
                let mut bytes = Vec::new();
                render(batch_index * BATCH + part_index * PART, part, &mut bytes)?;
                Ok(bytes)
            })
            .collect()
    };
    let mut batches = items.chunks(BATCH).enumerate();
    let Some((first_index, first)) = batches.next() else {
        return Ok(());
    };
    let mut rendered = render_batch(first_index, first);
    for (batch_index, batch) in batches {
        let mut next = Rendered::new();
        // The writer stays on this thread (`out` need not be `Send`); the next batch
        // is rendered on the pool meanwhile.
        rayon::in_place_scope(|scope| {
            scope.spawn(|_| next = render_batch(batch_index, batch));
            write_parts(out, rendered)
        })?;
        rendered = next;
    }
    write_parts(out, rendered)
}

/// Writes a batch's parts in order; the first that failed to render fails the write.
fn write_parts(out: &mut dyn std::io::Write, rendered: Rendered) -> std::io::Result<()> {
    for part in rendered {
        out.write_all(&part?)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn parts_are_written_in_order_with_their_first_index() {
        let items: Vec<usize> = (0..BATCH * 2 + PART + 7).collect();
        let mut out = Vec::new();
        write_rendered(&mut out, &items, |first, part, bytes| {
            assert_eq!(part[0], first);
            part.iter().try_for_each(|item| writeln!(bytes, "{item}"))
        })
        .unwrap();
        let expected: String = items.iter().map(|item| format!("{item}\n")).collect();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn a_part_that_fails_to_render_ends_the_output_before_it() {
        // In the third batch, so that batches before it are written while it renders.
        let failing = BATCH * 2 + PART + 3;
        let items: Vec<usize> = (0..BATCH * 4).collect();
        let mut out = Vec::new();
        let error = write_rendered(&mut out, &items, |_, part, bytes| {
            for &item in part {
                if item == failing {
                    return Err(std::io::Error::other("cannot render"));
                }
                writeln!(bytes, "{item}")?;
            }
            Ok(())
        })
        .unwrap_err();
        assert_eq!(error.to_string(), "cannot render");
        let expected: String = (0..BATCH * 2 + PART)
            .map(|item| format!("{item}\n"))
            .collect();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn a_failed_write_is_the_result() {
        struct Full(usize);
        impl Write for Full {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                if self.0 < bytes.len() {
                    return Err(std::io::Error::other("disk full"));
                }
                self.0 -= bytes.len();
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let items: Vec<usize> = (0..BATCH * 3).collect();
        let error = write_rendered(&mut Full(BATCH * 4), &items, |_, part, bytes| {
            part.iter().try_for_each(|item| writeln!(bytes, "{item}"))
        })
        .unwrap_err();
        assert_eq!(error.to_string(), "disk full");
    }
}
