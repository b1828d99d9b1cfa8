//! Progress of long phases (parsing claim files, proving pins), reported to whoever
//! shows it: the binary draws a bar when stderr is a terminal; everything else
//! passes [`Silent`].

/// Receives the progress of a run's long phases; called from worker threads.
pub trait Progress: Sync {
    /// A phase of `total` steps begins.
    fn begin(&self, phase: &'static str, total: usize);
    /// `steps` more steps of the current phase are done.
    fn advance(&self, steps: usize);
    /// The run is over: whatever was drawn goes away.
    fn end(&self);
}

/// Progress that nobody watches.
pub struct Silent;

impl Progress for Silent {
    fn begin(&self, _phase: &'static str, _total: usize) {}
    fn advance(&self, _steps: usize) {}
    fn end(&self) {}
}
