//! Certificate times: `ssh-keygen -V` validity specifications and the
//! `YYYY-MM-DDTHH:MM:SS` form `ssh-keygen -L` prints (both in UTC here; `ssh-keygen` uses
//! the local time zone, which is UTC on servers and in `TZ=UTC`).

use crate::{Error, Result};

/// `valid_before` of a certificate that never expires.
pub(crate) const FOREVER: u64 = u64::MAX;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// `YYYY-MM-DDTHH:MM:SS` (UTC), as `ssh-keygen -L` prints times.
#[must_use]
pub(crate) fn format(unix: u64) -> String {
    let secs = i64::try_from(unix).unwrap_or(i64::MAX);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

fn bad(spec: &str, why: &str) -> Error {
    Error::invalid_argument(format!("invalid validity {spec:?}: {why}"))
}

/// Seconds of an OpenSSH time interval (`convtime`): digits with optional units
/// `s m h d w` (no unit: seconds), concatenated: `90`, `1h30m`, `1w2d`.
fn interval(spec: &str, text: &str) -> Result<u64> {
    if text.is_empty() {
        return Err(bad(spec, "empty time interval"));
    }
    let mut total: u64 = 0;
    let mut number: Option<u64> = None;
    for c in text.chars() {
        if let Some(digit) = c.to_digit(10) {
            number = Some(
                number
                    .unwrap_or(0)
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(u64::from(digit)))
                    .ok_or_else(|| bad(spec, "time interval too large"))?,
            );
            continue;
        }
        let unit = match c.to_ascii_lowercase() {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return Err(bad(spec, "time units are s, m, h, d and w")),
        };
        let n = number
            .take()
            .ok_or_else(|| bad(spec, "a unit needs a number"))?;
        total = n
            .checked_mul(unit)
            .and_then(|s| total.checked_add(s))
            .ok_or_else(|| bad(spec, "time interval too large"))?;
    }
    if let Some(n) = number {
        total = total
            .checked_add(n)
            .ok_or_else(|| bad(spec, "time interval too large"))?;
    }
    Ok(total)
}

/// One side of a validity specification at time `now`.
fn point(spec: &str, text: &str, now: u64, start: bool) -> Result<u64> {
    match text {
        "always" if start => return Ok(0),
        "forever" if !start => return Ok(FOREVER),
        _ => {}
    }
    if let Some(rel) = text.strip_prefix('+') {
        return Ok(now.saturating_add(interval(spec, rel)?));
    }
    if let Some(rel) = text.strip_prefix('-') {
        return Ok(now.saturating_sub(interval(spec, rel)?));
    }
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).map_err(|_| bad(spec, "bad hexadecimal time"));
    }
    let digits = text.strip_suffix(['Z', 'z']).unwrap_or(text);
    if !digits.bytes().all(|b| b.is_ascii_digit()) || ![8, 12, 14].contains(&digits.len()) {
        return Err(bad(
            spec,
            "times are YYYYMMDD[HHMM[SS]], +/-INTERVAL, 0xSECONDS, always or forever",
        ));
    }
    let field = |from: usize, to: usize| -> i64 {
        digits
            .get(from..to)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    };
    let (y, mo, d) = (field(0, 4), field(4, 6), field(6, 8));
    let (h, mi, s) = (field(8, 10), field(10, 12), field(12, 14));
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return Err(bad(spec, "no such date or time"));
    }
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s;
    u64::try_from(secs).map_err(|_| bad(spec, "times before 1970 cannot be written"))
}

/// Parses an `ssh-keygen -V` validity interval at time `now` (Unix seconds) into
/// `(valid_after, valid_before)`: `FROM:TO` with each side `YYYYMMDD[HHMM[SS]]` (UTC, an
/// optional `Z`), `+INTERVAL`/`-INTERVAL` from now (`1w2d`, `30m`), `0xSECONDS`, `always`
/// (from) or `forever` (to); or a single `+INTERVAL`, valid from a minute before now
/// (rounded down to the minute, as `ssh-keygen` backdates it) for that long.
///
/// # Errors
/// [`Error::InvalidArgument`] naming what is wrong.
pub fn parse_validity(spec: &str, now: u64) -> Result<(u64, u64)> {
    let (after, before) = match spec.split_once(':') {
        Some((from, to)) if !from.is_empty() && !to.is_empty() => {
            (point(spec, from, now, true)?, point(spec, to, now, false)?)
        }
        None if spec.starts_with('+') => (
            now.saturating_sub(60) / 60 * 60,
            point(spec, spec, now, false)?,
        ),
        _ => {
            return Err(bad(
                spec,
                "expected FROM:TO or +INTERVAL (e.g. +52w, -1d:+1h, 20261201:20271201, \
                 always:forever)",
            ));
        }
    };
    if before <= after {
        return Err(bad(spec, "the end is not after the start"));
    }
    Ok((after, before))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(format(0), "1970-01-01T00:00:00");
        assert_eq!(format(1_798_761_600), "2027-01-01T00:00:00");
        assert_eq!(format(951_782_400), "2000-02-29T00:00:00");
        for day in [-1, 0, 59, 11_016, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
    }

    #[test]
    fn ssh_keygen_validity_forms() {
        let now = 1_796_000_000;
        assert_eq!(
            parse_validity("always:forever", now).ok(),
            Some((0, FOREVER))
        );
        assert_eq!(
            parse_validity("20261201:20271201", now).ok(),
            Some((1_796_083_200, 1_827_619_200))
        );
        assert_eq!(
            parse_validity("-1d:+1h30m", now).ok(),
            Some((now - 86_400, now + 5400))
        );
        assert_eq!(
            parse_validity("+52w", now).ok(),
            Some(((now - 60) / 60 * 60, now + 52 * 604_800))
        );
        assert_eq!(parse_validity("0x10:0x100", now).ok(), Some((16, 256)));
        assert_eq!(
            parse_validity("20270101010203Z:forever", now).ok(),
            Some((1_798_765_323, FOREVER))
        );
        for bad in [
            "-1d",
            "20270101",
            ":+1h",
            "+1x",
            "always:always",
            "+1h:-1h",
            "2027:+1d",
        ] {
            assert!(parse_validity(bad, now).is_err(), "{bad}");
        }
    }
}
