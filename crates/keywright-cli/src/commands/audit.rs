//! `keywright audit`: weak and compromised keys in files, folders and standard input. The
//! scan and every check are the core's (`keywright::audit`); this prints the report.

use std::path::Path;

use keywright::audit::{self, Blocklist, Options, Policy, Report, Severity};
use keywright::text::escape;

use crate::cli::AuditArgs;
use crate::failure::{Failure, Outcome};
use crate::{files, output};

pub(crate) fn run(args: &AuditArgs) -> Outcome {
    if args.rsa_error_below > args.rsa_warning_below {
        return Err(Failure::Usage(format!(
            "--rsa-error-below ({}) is above --rsa-warning-below ({})",
            args.rsa_error_below, args.rsa_warning_below
        )));
    }
    let mut policy = Policy::default();
    policy.rsa_error_below = args.rsa_error_below;
    policy.rsa_warning_below = args.rsa_warning_below;
    policy.fermat_rounds = args.fermat_rounds;
    policy.reveal_factors = args.reveal_factors;
    if !args.checks.is_empty() {
        policy
            .only(&args.checks)
            .map_err(|e| Failure::Usage(format!("--checks: {e}")))?;
    }
    policy
        .skip(&args.skip)
        .map_err(|e| Failure::Usage(format!("--skip: {e}")))?;
    let mut options = Options::new(policy);
    options.max_file_bytes = args.max_file_bytes;
    for dir in &args.blocklist {
        let list = Blocklist::open_dir(dir).map_err(|e| {
            Failure::AuditFailed(format!(
                "cannot use the blocklist {}: {e}",
                files::shown(dir)
            ))
        })?;
        options.blocklists.push(list);
    }
    if args.paths.iter().any(|p| p == Path::new("-")) {
        let stdin = files::read_input_up_to(Path::new("-"), args.max_file_bytes)
            .map_err(|e| Failure::AuditFailed(e.to_string()))?;
        options.stdin = Some(stdin);
    }
    let report = audit::audit_paths(&args.paths, options);
    if args.json {
        output::line(report.to_json())?;
    } else {
        text_report(&report)?;
    }
    if report
        .findings
        .iter()
        .any(|f| f.severity >= Severity::Warning)
    {
        Err(Failure::Findings)
    } else {
        Ok(())
    }
}

/// `PLACE: SEVERITY ID FINGERPRINT: REASON [CVE]`, one line per finding on standard output;
/// skipped inputs and a summary on standard error.
fn text_report(report: &Report) -> Outcome {
    let mut out = String::new();
    for f in &report.findings {
        out.push_str(&format!(
            "{}: {} {} {}: {}{}\n",
            f.location,
            f.severity,
            f.id,
            f.fingerprint,
            escape(f.reason.as_bytes()),
            f.cve.map(|c| format!(" [{c}]")).unwrap_or_default(),
        ));
    }
    if !out.is_empty() {
        output::bytes(out.as_bytes())?;
    }
    for s in &report.skipped {
        output::warning(&format!("skipped {}: {}", s.location, s.reason));
    }
    let count = |severity| {
        report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    };
    eprintln!(
        "audited {} key{} in {} input{}: {} error{}, {} warning{}, {} info; {} skipped",
        report.keys,
        plural(report.keys),
        report.files,
        plural(report.files),
        count(Severity::Error),
        plural(count(Severity::Error) as u64),
        count(Severity::Warning),
        plural(count(Severity::Warning) as u64),
        count(Severity::Info),
        report.skipped.len(),
    );
    Ok(())
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}
