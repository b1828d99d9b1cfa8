//! Rendering a run's findings on all cores: each part is rendered to bytes on its own,
//! and the parts are written in order as they come in, a few rendered ahead of the
//! one being written. Rendering was a run's one long step on one core (150,000
//! findings: most of a SARIF run).

use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::sync::{Mutex, PoisonError, mpsc};

use rayon::prelude::*;

/// Items rendered by one task: enough to outweigh handing it out.
const PART: usize = 512;
/// Parts rendered ahead of the one being written: enough that the pool always has one
/// to render, few enough that what is held stays small (16 parts of JSON: 4 MB).
const AHEAD: usize = 16;

/// A part's bytes, its rendering's error, or the panic that ended its rendering.
type Rendered = Result<std::io::Result<Vec<u8>>, Box<dyn Any + Send>>;

/// Writes to `out` what `render` writes of each part of `items`, in order. `render`
/// is given the index in `items` of the part's first item. The writer stays on this
/// thread (`out` need not be `Send`) and takes each part as soon as it and those
/// before it are rendered: written in batches, the pool waited for the writer to
/// finish each batch, and the writer for the pool (the two cores 40% idle while
/// 120,000 findings were written as JSON; now 5%).
pub fn write_rendered<'a, T: Sync>(
    out: &mut dyn std::io::Write,
    items: &'a [T],
    render: impl Fn(usize, &'a [T], &mut Vec<u8>) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    let parts: Vec<&'a [T]> = items.chunks(PART).collect();
    // The writer hands each written part's bytes back to be rendered into again:
    // fresh for every part, the bytes of a report came from fresh pages, grown by
    // doubling.
    let spare: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    let spare = || spare.lock().unwrap_or_else(PoisonError::into_inner);
    let render_part = |index: usize| -> Rendered {
        std::panic::catch_unwind(AssertUnwindSafe(|| {
            let mut bytes = spare().pop().unwrap_or_default();
            render(index * PART, parts[index], &mut bytes).map(|()| bytes)
        }))
    };
    if rayon::current_thread_index().is_some() {
        // On a thread of the pool itself, waiting for parts could leave none to render
        // them: all are rendered first, then written.
        let rendered: Vec<Rendered> = (0..parts.len()).into_par_iter().map(render_part).collect();
        return rendered
            .into_iter()
            .try_for_each(|part| write_part(out, part).map(drop));
    }
    let (sender, receiver) = mpsc::channel();
    rayon::in_place_scope(|scope| {
        let spawn = |index: usize| {
            let sender = sender.clone();
            let render_part = &render_part;
            scope.spawn(move |_| {
                // The receiver outlives the scope: the send cannot fail.
                let _ = sender.send((index, render_part(index)));
            });
        };
        let mut spawned = parts.len().min(AHEAD);
        (0..spawned).for_each(spawn);
        let mut ready: Vec<Option<Rendered>> = parts.iter().map(|_| None).collect();
        for next in 0..parts.len() {
            while ready[next].is_none() {
                let (index, part) = receiver.recv().expect("every part sends once");
                ready[index] = Some(part);
            }
            let mut written = write_part(out, ready[next].take().expect("just received"))?;
            written.clear();
            spare().push(written);
            if spawned < parts.len() {
                spawn(spawned);
                spawned += 1;
            }
        }
        Ok(())
    })
}

/// Writes a rendered part, and returns its bytes: a part that failed to render fails
/// the write, and one whose rendering panicked panics here.
fn write_part(out: &mut dyn std::io::Write, part: Rendered) -> std::io::Result<Vec<u8>> {
    match part {
        Ok(bytes) => {
            let bytes = bytes?;
            out.write_all(&bytes)?;
            Ok(bytes)
        }
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn parts_are_written_in_order_with_their_first_index() {
        let items: Vec<usize> = (0..PART * (AHEAD * 2 + 1) + 7).collect();
        let mut out = Vec::new();
        write_rendered(&mut out, &items, |first, part, bytes| {
            assert_eq!(part[0], first);
            part.iter().try_for_each(|item| writeln!(bytes, "{item}"))
        })
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), lines(&items));
    }

    #[test]
    fn a_part_that_fails_to_render_ends_the_output_before_it() {
        // Beyond the parts rendered ahead at first, so that parts before it are
        // written while it renders.
        let failing = PART * (AHEAD * 2 + 1) + 3;
        let items: Vec<usize> = (0..PART * AHEAD * 4).collect();
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
        assert_eq!(
            String::from_utf8(out).unwrap(),
            lines(&items[..PART * (AHEAD * 2 + 1)])
        );
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
        let items: Vec<usize> = (0..PART * AHEAD * 3).collect();
        let error = write_rendered(&mut Full(PART * AHEAD * 4), &items, |_, part, bytes| {
            part.iter().try_for_each(|item| writeln!(bytes, "{item}"))
        })
        .unwrap_err();
        assert_eq!(error.to_string(), "disk full");
    }

    /// `items` rendered one a line, as the tests' renderer writes them.
    fn lines(items: &[usize]) -> String {
        items.iter().map(|item| format!("{item}\n")).collect()
    }

    #[test]
    fn on_a_pool_of_one_thread_the_parts_are_still_written_in_order() {
        let items: Vec<usize> = (0..PART * (AHEAD + 3)).collect();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let mut out = Vec::new();
        pool.install(|| {
            write_rendered(&mut out, &items, |_, part, bytes| {
                part.iter().try_for_each(|item| writeln!(bytes, "{item}"))
            })
        })
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), lines(&items));
    }

    #[test]
    fn a_part_whose_rendering_panics_panics_the_writer_instead_of_hanging_it() {
        let items: Vec<usize> = (0..PART * (AHEAD + 3)).collect();
        let outcome = std::panic::catch_unwind(|| {
            write_rendered(&mut Vec::new(), &items, |first, _, _| {
                assert_ne!(first, PART * 2, "a renderer's bug");
                Ok(())
            })
        });
        assert!(outcome.is_err());
    }
}
