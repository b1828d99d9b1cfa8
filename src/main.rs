//! The `claimcheck` binary: parse arguments, run the library, map the outcome to an exit
//! status. Everything else lives in the library.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use claimcheck_engine::progress::{Progress, Silent};
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// mimalloc: a check builds and frees hundreds of thousands of small strings on every
/// core, where glibc's allocator was a fifth of a cold run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = claimcheck::cli::Cli::parse();
    if let claimcheck::cli::Command::Lsp = cli.command {
        return serve_language_server(&cli);
    }
    let progress: Box<dyn Progress> = if std::io::stderr().is_terminal() {
        Box::new(TerminalProgress::new())
    } else {
        Box::new(Silent)
    };
    // stderr is not held locked: the progress bar draws on it from worker threads.
    // stdout is buffered: locked, it is line-buffered, and a report of 2,500 findings
    // took a system call a line (a tenth of a cold check). `watch` flushes each round.
    // A reader that stops early (`claimcheck check | head`) leaves the run to finish
    // and end with the status its findings give: ending at the broken pipe with 0 made
    // a failing check pass under `set -o pipefail`. `watch` runs until its reader goes.
    let watching = matches!(&cli.command, claimcheck::cli::Command::Check(args) if args.watch);
    let mut stdout = std::io::BufWriter::with_capacity(
        1 << 16,
        UntilReaderGone::new(std::io::stdout().lock(), !watching),
    );
    let mut stderr = UntilReaderGone::new(std::io::stderr(), !watching);
    let outcome = claimcheck::run(&cli, &mut stdout, &mut stderr, &*progress);
    let flushed = std::io::Write::flush(&mut stdout);
    let outcome = outcome.and_then(|status| {
        flushed
            .map(|()| status)
            .map_err(claimcheck::commands::CommandError::Output)
    });
    progress.end();
    match outcome {
        Ok(status) => ExitCode::from(status as u8),
        // `watch`'s reader has gone: it stops, as it would at Ctrl-C.
        Err(claimcheck::commands::CommandError::Output(error))
            if error.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        Err(error) => {
            print_fatal(&error);
            ExitCode::from(claimcheck::commands::ExitStatus::InputError as u8)
        }
    }
}

/// `claimcheck lsp`: the protocol on stdin and stdout, until the client says `exit`.
fn serve_language_server(cli: &claimcheck::cli::Cli) -> ExitCode {
    let start = match &cli.root {
        Some(root) => root.clone(),
        None => std::env::current_dir().unwrap_or_default(),
    };
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let served = claimcheck::lsp::serve(connection, &start);
    let joined = io_threads.join();
    match (served, joined) {
        (Ok(()), Ok(())) => ExitCode::SUCCESS,
        (Err(error), _) => {
            print_fatal(&claimcheck::commands::CommandError::Lsp(error));
            ExitCode::from(claimcheck::commands::ExitStatus::InputError as u8)
        }
        (_, Err(error)) => {
            print_fatal(&claimcheck::commands::CommandError::Output(error));
            ExitCode::from(claimcheck::commands::ExitStatus::InputError as u8)
        }
    }
}

/// Standard output or error that, once its reader has gone (`EPIPE`), drops what is
/// written instead of failing the run, if `outlasts_reader`.
struct UntilReaderGone<W> {
    inner: W,
    outlasts_reader: bool,
    reader_gone: bool,
}

impl<W: std::io::Write> UntilReaderGone<W> {
    fn new(inner: W, outlasts_reader: bool) -> Self {
        Self {
            inner,
            outlasts_reader,
            reader_gone: false,
        }
    }

    /// `result` of a write or flush, unless it says the reader has gone and the run
    /// outlasts its reader.
    fn unless_reader_gone<T>(&mut self, result: std::io::Result<T>, gone: T) -> std::io::Result<T> {
        match result {
            Err(error)
                if self.outlasts_reader && error.kind() == std::io::ErrorKind::BrokenPipe =>
            {
                self.reader_gone = true;
                Ok(gone)
            }
            result => result,
        }
    }
}

impl<W: std::io::Write> std::io::Write for UntilReaderGone<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.reader_gone {
            return Ok(bytes.len());
        }
        let written = self.inner.write(bytes);
        self.unless_reader_gone(written, bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.reader_gone {
            return Ok(());
        }
        let flushed = self.inner.flush();
        self.unless_reader_gone(flushed, ())
    }
}

/// The error that stopped the run, on stderr. It can name files a pull request chose,
/// so it is rendered without colour and with every control character made visible.
fn print_fatal(error: &claimcheck::commands::CommandError) {
    use std::io::Write as _;
    let mut text = String::new();
    let theme = miette::GraphicalTheme {
        characters: miette::ThemeCharacters::ascii(),
        styles: miette::ThemeStyles::none(),
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(80);
    if handler.render_report(&mut text, error).is_err() {
        text = error.to_string();
    }
    let mut stderr = std::io::stderr();
    let mut guarded = claimcheck::report::log_guard::LogGuard::new(&mut stderr);
    let _ = writeln!(guarded, "{}", claimcheck_engine::sanitize::safe(&text));
}

/// A progress bar on stderr, drawn only once a run has lasted a moment: short runs
/// (most runs, and every warm one) print nothing extra.
struct TerminalProgress {
    bar: ProgressBar,
    started: Instant,
}

impl TerminalProgress {
    const DELAY: Duration = Duration::from_millis(250);

    fn new() -> Self {
        let bar = ProgressBar::hidden();
        if let Ok(style) = ProgressStyle::with_template("{msg:>20} [{wide_bar}] {pos}/{len}") {
            bar.set_style(style.progress_chars("=> "));
        }
        Self {
            bar,
            started: Instant::now(),
        }
    }
}

impl Progress for TerminalProgress {
    fn begin(&self, phase: &'static str, total: usize) {
        self.bar.set_message(phase);
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
    }

    fn advance(&self, steps: usize) {
        self.bar.inc(steps as u64);
        if self.bar.is_hidden() && self.started.elapsed() > Self::DELAY {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn end(&self) {
        self.bar.finish_and_clear();
    }
}
