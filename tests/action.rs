//! The GitHub Action (`action.yml`, `action/install.sh`) and the workflow `init`
//! writes: they install the prebuilt wheel of this version, never compile when one
//! fits, fall back to building from source (saying so) when none does or when what
//! was installed is not the version asked for, and run claimcheck with the action's
//! arguments. pip is replaced by a stand-in that records what it was asked.

use std::path::Path;
use std::process::Command;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn action() -> serde_json::Value {
    let text = std::fs::read_to_string(manifest().join("action.yml")).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

#[test]
fn the_action_is_a_composite_of_bash_steps_pinned_to_this_version() {
    let action = action();
    assert_eq!(action["runs"]["using"], "composite");
    assert_eq!(action["inputs"]["version"]["default"], VERSION);
    assert_eq!(action["inputs"]["args"]["default"], "check --format github");
    for step in action["runs"]["steps"].as_array().unwrap() {
        if let Some(run) = step["run"].as_str() {
            assert_eq!(step["shell"], "bash", "{step}");
            // Inputs reach scripts through the environment, never pasted into them.
            assert!(!run.contains("${{"), "{run}");
        }
    }
}

/// Runs install.sh with a stand-in `python3` whose pip "installs" a claimcheck that
/// says `wheel_version` (none when `wheel_version` is None: no wheel fits), or,
/// for the action's source, the real binary. Returns the log and pip's calls.
fn install(wheel_version: Option<&str>) -> (bool, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let calls = dir.path().join("calls");
    let python = dir.path().join("python3");
    let wheel = match wheel_version {
        Some(version) => format!(
            "printf '#!/bin/sh\\necho \"claimcheck {version}\"\\n' > '{}/claimcheck'; chmod +x '{}/claimcheck'",
            bin.display(),
            bin.display()
        ),
        None => "exit 1".to_owned(),
    };
    std::fs::write(
        &python,
        format!(
            "#!/bin/sh\n\
             if [ \"$1\" = -c ]; then echo '{bin}'; exit 0; fi\n\
             echo \"$@\" >> '{calls}'\n\
             case \"$*\" in\n\
               *claimcheck==*) {wheel} ;;\n\
               *) cp '{real}' '{bin}/claimcheck' ;;\n\
             esac\n",
            bin = bin.display(),
            calls = calls.display(),
            real = env!("CARGO_BIN_EXE_claimcheck"),
        ),
    )
    .unwrap();
    Command::new("chmod")
        .arg("+x")
        .arg(&python)
        .status()
        .unwrap();
    let output = Command::new("bash")
        .arg(manifest().join("action/install.sh"))
        .env("PYTHON", &python)
        .env("CLAIMCHECK_VERSION", VERSION)
        .env("ACTION_PATH", manifest())
        .env("GITHUB_PATH", dir.path().join("github_path"))
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    let calls = std::fs::read_to_string(calls).unwrap_or_default();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("github_path")).unwrap_or_default(),
        format!("{}\n", bin.display())
    );
    (output.status.success(), log, calls)
}

#[test]
fn the_prebuilt_wheel_is_installed_when_one_fits() {
    let (ok, log, calls) = install(Some(VERSION));
    assert!(ok, "{log}");
    assert!(
        log.contains(&format!(
            "installed claimcheck {VERSION} from its prebuilt wheel"
        )),
        "{log}"
    );
    assert!(
        calls.contains("--only-binary=:all:") && calls.lines().count() == 1,
        "{calls}"
    );
}

#[test]
fn without_a_fitting_wheel_or_with_another_version_the_source_is_built_and_the_log_says_so() {
    for wheel in [None, Some("9.9.9")] {
        let (ok, log, calls) = install(wheel);
        assert!(ok, "{log}");
        assert!(log.contains("::notice::no prebuilt claimcheck"), "{log}");
        assert!(log.contains(&format!("claimcheck {VERSION}")), "{log}");
        assert!(
            calls
                .lines()
                .last()
                .unwrap()
                .ends_with(manifest().to_str().unwrap()),
            "{calls}"
        );
    }
}

#[test]
fn the_workflow_init_writes_installs_this_versions_wheel_without_compiling() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .arg("init")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(status.status.success());
    let workflow =
        std::fs::read_to_string(dir.path().join(".github/workflows/claimcheck.yml")).unwrap();
    assert!(
        workflow.contains(&format!("pipx install \"claimcheck=={VERSION}\"")),
        "{workflow}"
    );
    assert!(!workflow.contains("cargo install"), "{workflow}");
}

#[test]
fn the_run_step_runs_claimcheck_with_the_actions_arguments_on_the_example() {
    let action = action();
    let steps = action["runs"]["steps"].as_array().unwrap();
    let run = steps
        .iter()
        .find(|step| step["name"] == "Run claimcheck")
        .unwrap()["run"]
        .as_str()
        .unwrap()
        .to_owned();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_claimcheck"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("bash")
        .args(["-c", &run])
        .current_dir(manifest())
        .env("PATH", path)
        .env("CLAIMCHECK_ARGS", "check --format github --no-cache")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("::warning file=claims/"), "{stdout}");
}
