//! Rendering a run's findings on all cores: each part of a batch is rendered to bytes
//! on its own, and the parts are written in order, a batch held at a time. Rendering
//! was a run's one long step on one core (150,000 findings: most of a SARIF run).

use rayon::prelude::*;

/// Items rendered by one task: enough to outweigh handing it out.
const PART: usize = 512;
/// Items held rendered at once: small enough not to matter, large enough that every
/// core has parts to render.
const BATCH: usize = PART * 32;

/// Writes to `out` what `render` writes of each part of `items`, in order. `render`
/// is given the index in `items` of the part's first item.
pub fn write_rendered<'a, T: Sync>(
    out: &mut dyn std::io::Write,
    items: &'a [T],
    render: impl Fn(usize, &'a [T], &mut Vec<u8>) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    for (batch_index, batch) in items.chunks(BATCH).enumerate() {
        let parts: Vec<std::io::Result<Vec<u8>>> = batch
            .par_chunks(PART)
            .enumerate()
            .map(|(part_index, part)| {
                let mut bytes = Vec::new();
                render(batch_index * BATCH + part_index * PART, part, &mut bytes)?;
                Ok(bytes)
            })
            .collect();
        for part in parts {
            out.write_all(&part?)?;
        }
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
}
