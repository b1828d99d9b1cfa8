//! The `claimcheck` binary: parse arguments, run the library, map the outcome to an exit
//! status. Everything else lives in the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = claimcheck::cli::Cli::parse();
    let (stdout, stderr) = (std::io::stdout(), std::io::stderr());
    match claimcheck::run(&cli, &mut stdout.lock(), &mut stderr.lock()) {
        Ok(status) => ExitCode::from(status as u8),
        // A reader that stops early (`claimcheck coverage | head`) is not an error.
        Err(claimcheck::commands::CommandError::Output(error))
            if error.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        Err(error) => {
            let report = miette::Report::new(error);
            eprintln!("{report:?}");
            ExitCode::from(claimcheck::commands::ExitStatus::InputError as u8)
        }
    }
}
