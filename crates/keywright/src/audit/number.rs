//! Number theory on RSA moduli for the audit checks (ROCA, Fermat, small factors, perfect powers,
//! small private exponents).
