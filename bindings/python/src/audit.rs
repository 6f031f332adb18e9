//! `keywright.audit`, `keywright.audit_keys`, `keywright.Auditor` and their results
//! (`Finding`, `Skipped`, `AuditReport`): thin callers of `keywright::audit`, which scans,
//! checks and writes the JSON.

use std::sync::{Mutex, PoisonError};

use keywright::audit::{self as kw, Blocklist, Location, Options, Policy, Report};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyMapping, PyString, PyTuple};
use zeroize::Zeroizing;

use crate::args::FsPath;
use crate::errors::Result;
use crate::private::PrivateKey;
use crate::public::PublicKey;

// The Python signatures spell the core's defaults out (so that `help()` and stubtest see
// numbers); these keep them equal.
const _: () = assert!(kw::DEFAULT_RSA_ERROR_BELOW == 1024);
const _: () = assert!(kw::DEFAULT_RSA_WARNING_BELOW == 2048);
const _: () = assert!(kw::DEFAULT_FERMAT_ROUNDS == 100);

/// The core `Policy` of the keyword arguments every audit entry point takes (``checks``
/// None runs every check), checked by the core.
fn policy(
    rsa_error_below: u32,
    rsa_warning_below: u32,
    fermat_rounds: u32,
    reveal_factors: bool,
    checks: Option<Vec<String>>,
    skip: Vec<String>,
) -> Result<Policy> {
    let mut policy = Policy::default();
    policy.rsa_error_below = rsa_error_below;
    policy.rsa_warning_below = rsa_warning_below;
    policy.fermat_rounds = fermat_rounds;
    policy.reveal_factors = reveal_factors;
    if let Some(checks) = checks {
        policy.only(&checks)?;
    }
    policy.skip(&skip)?;
    policy.check()?;
    Ok(policy)
}

/// The keyword arguments every audit entry point takes: the `Policy` and the blocklists.
struct Settings {
    policy: Policy,
    blocklists: Vec<Blocklist>,
}

impl Settings {
    /// `policy` (already checked) with the blocklist folders opened (GIL released).
    fn new(py: Python<'_>, blocklists: Vec<FsPath>, policy: Policy) -> Result<Settings> {
        let blocklists = py.detach(|| {
            blocklists
                .into_iter()
                .map(|dir| Blocklist::open_dir(&dir.into_inner()))
                .collect::<keywright::Result<Vec<_>>>()
        })?;
        Ok(Settings { policy, blocklists })
    }

    fn auditor(self) -> kw::Auditor {
        let mut auditor = kw::Auditor::new(self.policy);
        for list in self.blocklists {
            auditor.add_blocklist(list);
        }
        auditor
    }
}

/// Audits key files, ``authorized_keys`` and ``known_hosts`` files and folders (walked
/// recursively), as ``keywright audit PATH...`` does. Releases the GIL.
#[pyfunction]
#[pyo3(signature = (
    *paths,
    blocklists = Vec::new(),
    rsa_error_below = 1024,
    rsa_warning_below = 2048,
    fermat_rounds = 100,
    reveal_factors = false,
    checks = None,
    skip = Vec::new(),
    max_file_bytes = None,
))]
#[allow(clippy::too_many_arguments, reason = "mirrors the Python signature")]
pub(crate) fn audit(
    py: Python<'_>,
    paths: &Bound<'_, PyTuple>,
    blocklists: Vec<FsPath>,
    rsa_error_below: u32,
    rsa_warning_below: u32,
    fermat_rounds: u32,
    reveal_factors: bool,
    checks: Option<Vec<String>>,
    skip: Vec<String>,
    max_file_bytes: Option<u64>,
) -> Result<AuditReport> {
    let paths = paths
        .iter()
        .map(|p| p.extract::<FsPath>().map(FsPath::into_inner))
        .collect::<PyResult<Vec<_>>>()?;
    if paths.is_empty() {
        return Err(PyTypeError::new_err("audit() needs at least one path").into());
    }
    if max_file_bytes == Some(0) {
        return Err(PyValueError::new_err("max_file_bytes must be positive").into());
    }
    let settings = Settings::new(
        py,
        blocklists,
        policy(
            rsa_error_below,
            rsa_warning_below,
            fermat_rounds,
            reveal_factors,
            checks,
            skip,
        )?,
    )?;
    let mut options = Options::new(settings.policy);
    options.blocklists = settings.blocklists;
    options.max_file_bytes = max_file_bytes.unwrap_or(0);
    Ok(AuditReport(py.detach(|| kw::audit_paths(&paths, options))))
}

/// One in-memory input, taken from Python with the GIL held and audited without it.
enum Input {
    Public(keywright::PublicKey),
    Private(Box<keywright::PrivateKey>),
    /// Key file text of any format, or ``authorized_keys`` / ``known_hosts`` text.
    Bytes(Zeroizing<Vec<u8>>),
}

impl Input {
    /// A ``PublicKey``, ``PrivateKey``, ``bytes`` or ``str`` (used as UTF-8); None for
    /// anything else.
    fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Option<Input>> {
        if let Ok(key) = obj.cast::<PublicKey>() {
            return Ok(Some(Input::Public(key.get().core().clone())));
        }
        if let Ok(key) = obj.cast::<PrivateKey>() {
            return Ok(Some(Input::Private(Box::new(key.get().core()))));
        }
        if let Ok(bytes) = obj.cast::<PyBytes>() {
            return Ok(Some(Input::Bytes(Zeroizing::new(
                bytes.as_bytes().to_vec(),
            ))));
        }
        if let Ok(text) = obj.cast::<PyString>() {
            let bytes = text.encode_utf8()?;
            return Ok(Some(Input::Bytes(Zeroizing::new(
                bytes.as_bytes().to_vec(),
            ))));
        }
        Ok(None)
    }

    /// As [`Input::from_py`], a ``TypeError`` for anything else.
    fn extract(obj: &Bound<'_, PyAny>) -> PyResult<Input> {
        Input::from_py(obj)?.ok_or_else(|| {
            let name = obj
                .get_type()
                .name()
                .map_or_else(|_| "?".to_owned(), |n| n.to_string());
            PyTypeError::new_err(format!(
                "expected a PublicKey, PrivateKey, str or bytes, not {name}"
            ))
        })
    }
}

/// An audit in progress: the core auditor and the report so far.
struct Scan {
    auditor: kw::Auditor,
    report: Report,
}

impl Scan {
    /// Audits one input named `source`: its findings (those across keys come at the end).
    fn add(&mut self, source: &str, input: &Input) -> Vec<kw::Finding> {
        let report = &mut self.report;
        let before = report.findings.len();
        match input {
            Input::Bytes(bytes) => kw::audit_bytes(&mut self.auditor, source, bytes, report),
            Input::Public(key) => {
                report.files += 1;
                report.keys += 1;
                let findings = self.auditor.public(key, Location::file(source));
                report.findings.extend(findings);
            }
            Input::Private(key) => {
                report.files += 1;
                report.keys += 1;
                let findings = self.auditor.private(key, Location::file(source));
                report.findings.extend(findings);
            }
        }
        report.findings.get(before..).unwrap_or_default().to_vec()
    }

    fn finish(self) -> Report {
        let Scan {
            auditor,
            mut report,
        } = self;
        report.finish(auditor);
        report
    }
}

/// The name of the `index`-th unnamed input.
fn unnamed(index: u64) -> String {
    format!("<{index}>")
}

/// Audits keys held in memory: ``PublicKey`` and ``PrivateKey`` objects, and key file
/// text of any format or ``authorized_keys`` / ``known_hosts`` text (``str`` or ``bytes``).
/// Releases the GIL.
#[pyfunction]
#[pyo3(signature = (
    keys,
    *,
    blocklists = Vec::new(),
    rsa_error_below = 1024,
    rsa_warning_below = 2048,
    fermat_rounds = 100,
    reveal_factors = false,
    checks = None,
    skip = Vec::new(),
))]
#[allow(clippy::too_many_arguments, reason = "mirrors the Python signature")]
pub(crate) fn audit_keys(
    py: Python<'_>,
    keys: &Bound<'_, PyAny>,
    blocklists: Vec<FsPath>,
    rsa_error_below: u32,
    rsa_warning_below: u32,
    fermat_rounds: u32,
    reveal_factors: bool,
    checks: Option<Vec<String>>,
    skip: Vec<String>,
) -> Result<AuditReport> {
    let inputs: Vec<(String, Input)> = if let Some(one) = Input::from_py(keys)? {
        vec![(unnamed(0), one)]
    } else if let Ok(mapping) = keys.cast::<PyMapping>() {
        mapping
            .items()?
            .iter()
            .map(|item| {
                let (name, value): (String, Bound<'_, PyAny>) = item.extract()?;
                Ok((name, Input::extract(&value)?))
            })
            .collect::<PyResult<_>>()?
    } else {
        keys.try_iter()?
            .zip(0..)
            .map(|(item, i)| Ok((unnamed(i), Input::extract(&item?)?)))
            .collect::<PyResult<_>>()?
    };
    let settings = Settings::new(
        py,
        blocklists,
        policy(
            rsa_error_below,
            rsa_warning_below,
            fermat_rounds,
            reveal_factors,
            checks,
            skip,
        )?,
    )?;
    let report = py.detach(|| {
        let mut scan = Scan {
            auditor: settings.auditor(),
            report: Report::default(),
        };
        for (source, input) in &inputs {
            scan.add(source, input);
        }
        scan.finish()
    });
    Ok(AuditReport(report))
}

/// An audit fed one input at a time; ``finish`` ends it.
#[pyclass(module = "keywright", frozen)]
pub(crate) struct Auditor(Mutex<Option<Scan>>);

impl Auditor {
    /// Runs `work` on the scan with the GIL released (the lock is taken without the GIL, so
    /// a thread waiting for it never holds up another that needs the GIL to finish).
    fn with_scan<T: Send>(
        &self,
        py: Python<'_>,
        work: impl FnOnce(&mut Option<Scan>) -> T + Send,
    ) -> T {
        py.detach(|| work(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner)))
    }
}

fn finished() -> PyErr {
    PyValueError::new_err("this Auditor has finished")
}

#[pymethods]
impl Auditor {
    #[new]
    #[pyo3(signature = (
        *,
        blocklists = Vec::new(),
        rsa_error_below = 1024,
        rsa_warning_below = 2048,
        fermat_rounds = 100,
        reveal_factors = false,
        checks = None,
        skip = Vec::new(),
    ))]
    #[allow(clippy::too_many_arguments, reason = "mirrors the Python signature")]
    fn new(
        py: Python<'_>,
        blocklists: Vec<FsPath>,
        rsa_error_below: u32,
        rsa_warning_below: u32,
        fermat_rounds: u32,
        reveal_factors: bool,
        checks: Option<Vec<String>>,
        skip: Vec<String>,
    ) -> Result<Self> {
        let settings = Settings::new(
            py,
            blocklists,
            policy(
                rsa_error_below,
                rsa_warning_below,
                fermat_rounds,
                reveal_factors,
                checks,
                skip,
            )?,
        )?;
        Ok(Auditor(Mutex::new(Some(Scan {
            auditor: settings.auditor(),
            report: Report::default(),
        }))))
    }

    /// Audits one input (a ``PublicKey``, a ``PrivateKey``, or key file, ``authorized_keys``
    /// or ``known_hosts`` text as ``str`` or ``bytes``) named ``source`` in the findings
    /// (default ``<N>``, N counting inputs from 0). Returns its own findings; those across
    /// inputs (shared primes, duplicates) come from ``finish``. Releases the GIL.
    #[pyo3(signature = (key, source = None))]
    fn add(
        &self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        source: Option<String>,
    ) -> Result<Vec<Finding>> {
        let input = Input::extract(key)?;
        let findings = self.with_scan(py, |scan| {
            let scan = scan.as_mut()?;
            let source = source.unwrap_or_else(|| unnamed(scan.report.files));
            Some(scan.add(&source, &input))
        });
        Ok(findings
            .ok_or_else(finished)?
            .into_iter()
            .map(Finding)
            .collect())
    }

    /// Ends the audit: runs the checks across inputs (shared primes, duplicates) and returns
    /// the whole report, sorted as ``audit`` sorts it. Raises ``ValueError`` when called twice.
    /// Releases the GIL.
    fn finish(&self, py: Python<'_>) -> Result<AuditReport> {
        let report = self.with_scan(py, |scan| scan.take().map(Scan::finish));
        Ok(AuditReport(report.ok_or_else(finished)?))
    }

    fn __repr__(&self) -> String {
        match &*self.0.lock().unwrap_or_else(PoisonError::into_inner) {
            Some(scan) => format!(
                "<Auditor inputs={} keys={} findings={}>",
                scan.report.files,
                scan.report.keys,
                scan.report.findings.len()
            ),
            None => "<Auditor finished>".to_owned(),
        }
    }
}

/// ``json.loads(text)``.
fn json_loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

/// One weakness of one key at one place. Immutable and hashable.
#[pyclass(module = "keywright", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct Finding(kw::Finding);

#[pymethods]
impl Finding {
    /// The stable id of the check (``rsa-fermat``, ``duplicate``, ...).
    #[getter]
    fn id(&self) -> &'static str {
        self.0.id
    }

    /// The badkeys check that finds the same thing, or None.
    #[getter]
    fn badkeys(&self) -> Option<&'static str> {
        self.0.badkeys
    }

    /// ``info``, ``warning`` or ``error``.
    #[getter]
    fn severity(&self) -> &'static str {
        self.0.severity.as_str()
    }

    /// One line saying what was found.
    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }

    /// The CVE, or None.
    #[getter]
    fn cve(&self) -> Option<&'static str> {
        self.0.cve
    }

    /// Where the key is: the path, or the name the input was given.
    #[getter]
    fn source(&self) -> &str {
        &self.0.location.source
    }

    /// The 1-based line of a key in a file of key lines, None for a whole file.
    #[getter]
    fn line(&self) -> Option<u64> {
        self.0.location.line
    }

    /// The key's OpenSSH SHA-256 fingerprint (``SHA256:...``).
    #[getter]
    fn fingerprint(&self) -> &str {
        &self.0.fingerprint
    }

    /// The finding as a JSON object, as in ``keywright audit --json``.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// ``json.loads(self.to_json())``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(py, &self.0.to_json())
    }

    fn __repr__(&self) -> String {
        format!(
            "<Finding {} {} at {} {}>",
            self.0.severity, self.0.id, self.0.location, self.0.fingerprint
        )
    }
}

/// An input, or one line of it, that was not audited.
#[pyclass(module = "keywright", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct Skipped(kw::Skipped);

#[pymethods]
impl Skipped {
    /// The path, or the name the input was given.
    #[getter]
    fn source(&self) -> &str {
        &self.0.location.source
    }

    /// The 1-based line, None for a whole input.
    #[getter]
    fn line(&self) -> Option<u64> {
        self.0.location.line
    }

    /// Why it was skipped.
    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }

    /// The skipped input as a JSON object, as in ``keywright audit --json``.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// ``json.loads(self.to_json())``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(py, &self.0.to_json())
    }

    fn __repr__(&self) -> String {
        format!("<Skipped {}: {}>", self.0.location, self.0.reason)
    }
}

/// What an audit found. Immutable; equal when every finding and count is.
#[pyclass(module = "keywright", frozen, eq)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct AuditReport(Report);

#[pymethods]
impl AuditReport {
    /// Every finding, sorted by place, then most severe first.
    #[getter]
    fn findings(&self) -> Vec<Finding> {
        self.0.findings.iter().cloned().map(Finding).collect()
    }

    /// The inputs and lines not audited, with the reason.
    #[getter]
    fn skipped(&self) -> Vec<Skipped> {
        self.0.skipped.iter().cloned().map(Skipped).collect()
    }

    /// Keys audited (a key in three places counts three times).
    #[getter]
    fn keys(&self) -> u64 {
        self.0.keys
    }

    /// Inputs read: files, and in-memory inputs.
    #[getter]
    fn inputs(&self) -> u64 {
        self.0.files
    }

    /// The report as JSON, schema 1: what ``keywright audit --json`` prints.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// ``json.loads(self.to_json())``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(py, &self.0.to_json())
    }

    fn __repr__(&self) -> String {
        let count = |severity| {
            self.0
                .findings
                .iter()
                .filter(|f| f.severity == severity)
                .count()
        };
        format!(
            "<AuditReport keys={} inputs={} errors={} warnings={} info={} skipped={}>",
            self.0.keys,
            self.0.files,
            count(kw::Severity::Error),
            count(kw::Severity::Warning),
            count(kw::Severity::Info),
            self.0.skipped.len()
        )
    }
}
