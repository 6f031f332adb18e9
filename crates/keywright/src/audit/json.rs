//! The audit report as JSON, schema 1 (the README's "JSON" paragraph): the one definition the
//! CLI's `--json` and the Python binding's `to_json` both print.

use serde_json::{Value, json};

use super::{Finding, Report, Skipped};

/// The version of the JSON report's layout. A later schema adds fields; a changed meaning
/// bumps it.
pub const JSON_SCHEMA: u32 = 1;

impl Finding {
    /// The finding as a JSON object: `id`, `severity`, `reason`, `cve`, `badkeys`, `source`,
    /// `line` and `fingerprint` (`cve`, `badkeys` and `line` are `null` when there is none).
    #[must_use]
    pub fn to_json(&self) -> String {
        self.json_value().to_string()
    }

    fn json_value(&self) -> Value {
        json!({
            "id": self.id,
            "severity": self.severity.as_str(),
            "reason": self.reason,
            "cve": self.cve,
            "badkeys": self.badkeys,
            "source": self.location.source,
            "line": self.location.line,
            "fingerprint": self.fingerprint,
        })
    }
}

impl Skipped {
    /// The skipped input as a JSON object: `source`, `line` (`null` for a whole input) and
    /// `reason`.
    #[must_use]
    pub fn to_json(&self) -> String {
        self.json_value().to_string()
    }

    fn json_value(&self) -> Value {
        json!({
            "source": self.location.source,
            "line": self.location.line,
            "reason": self.reason,
        })
    }
}

impl Report {
    /// The report as one JSON object of schema [`JSON_SCHEMA`]: `schema`, `keys`, `inputs`
    /// ([`Report::files`]), `findings` (each as [`Finding::to_json`]) and `skipped` (each as
    /// [`Skipped::to_json`]). `keywright audit --json` prints it.
    ///
    /// ```
    /// use keywright::audit::{Auditor, Policy, Report, audit_bytes};
    ///
    /// let mut auditor = Auditor::new(Policy::default());
    /// let mut report = Report::default();
    /// audit_bytes(&mut auditor, "notes.txt", b"no key here\n", &mut report);
    /// report.finish(auditor);
    /// assert_eq!(
    ///     report.to_json(),
    ///     r#"{"findings":[],"inputs":1,"keys":0,"schema":1,"skipped":[{"line":null,"reason":"not a key file","source":"notes.txt"}]}"#
    /// );
    /// ```
    #[must_use]
    pub fn to_json(&self) -> String {
        json!({
            "schema": JSON_SCHEMA,
            "keys": self.keys,
            "inputs": self.files,
            "findings": self.findings.iter().map(Finding::json_value).collect::<Vec<_>>(),
            "skipped": self.skipped.iter().map(Skipped::json_value).collect::<Vec<_>>(),
        })
        .to_string()
    }
}
