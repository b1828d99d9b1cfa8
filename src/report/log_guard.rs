//! The last line of defence for CI logs: a writer that makes sure no line of a report
//! that is not meant to hold workflow commands starts like one. GitHub's runner reads
//! a line that starts (after white space) with `::` or `##[` as a command; values are
//! already made one-line by [`crate::sanitize::inline`], and this guard catches any
//! line a renderer might still let through, by putting `�` in front of it.

use std::io::Write;

/// Wraps `inner`, holding each line until it is complete (or flushed) to look at its start.
pub struct LogGuard<'a> {
    inner: &'a mut dyn Write,
    line: Vec<u8>,
}

impl<'a> LogGuard<'a> {
    pub fn new(inner: &'a mut dyn Write) -> Self {
        Self {
            inner,
            line: Vec::new(),
        }
    }

    /// The writer underneath, for output that is meant to hold workflow commands.
    pub fn inner_mut(&mut self) -> &mut dyn Write {
        self.inner
    }

    fn emit_line(&mut self) -> std::io::Result<()> {
        let start = self
            .line
            .iter()
            .position(|byte| !matches!(byte, b' ' | b'\t'))
            .unwrap_or(self.line.len());
        let rest = &self.line[start..];
        if rest.starts_with(b"::") || rest.starts_with(b"##[") {
            self.inner.write_all("\u{FFFD}".as_bytes())?;
        }
        self.inner.write_all(&self.line)?;
        self.line.clear();
        Ok(())
    }
}

impl Write for LogGuard<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut rest = bytes;
        while let Some(end) = memchr::memchr(b'\n', rest) {
            self.line.extend_from_slice(&rest[..=end]);
            self.emit_line()?;
            rest = &rest[end + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.line.is_empty() {
            self.emit_line()?;
        }
        self.inner.flush()
    }
}

impl Drop for LogGuard<'_> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_line_starts_a_workflow_command() {
        let mut out = Vec::new();
        {
            let mut guard = LogGuard::new(&mut out);
            write!(
                guard,
                "ok line\n  ::error::forged\n##[set-output name=x;]y\nsafe ::"
            )
            .unwrap();
            write!(guard, "error:: mid-line\n:").unwrap();
            write!(guard, ":add-mask::secret").unwrap();
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "ok line\n\u{FFFD}  ::error::forged\n\u{FFFD}##[set-output name=x;]y\nsafe ::error:: mid-line\n\u{FFFD}::add-mask::secret"
        );
    }
}
