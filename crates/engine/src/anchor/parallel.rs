//! Work on one large text split across plain threads: the gram index and the
//! normalization of a source of megabytes, which the rayon pool's other threads wait
//! for (they are blocked on the source's `OnceLock`, so they could not take a share).

/// Threads for one text's work: a 20 MB source took most of a second to index and a
/// fifth of one to normalize on one core.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// `work` done on each item on a thread of its own (the first on this one), results in
/// order; a panic in any is resumed here.
pub fn each<T: Send, R: Send>(items: Vec<T>, work: impl Fn(T) -> R + Sync) -> Vec<R> {
    let work = &work;
    std::thread::scope(|scope| {
        let mut items = items.into_iter();
        let first = items.next();
        let others: Vec<_> = items.map(|item| scope.spawn(move || work(item))).collect();
        first
            .map(work)
            .into_iter()
            .chain(others.into_iter().map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }))
            .collect()
    })
}

/// Where to cut `text` into about `count` parts of equal bytes: its start, the first
/// byte where `fits` from each later part's share on (a share with none is joined to
/// the part before), and its end.
pub fn cuts(text: &str, count: usize, fits: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut cuts = vec![0];
    cuts.extend(
        (1..count).filter_map(|part| (text.len() * part / count..text.len()).find(|&at| fits(at))),
    );
    cuts.push(text.len());
    cuts.dedup();
    cuts
}
