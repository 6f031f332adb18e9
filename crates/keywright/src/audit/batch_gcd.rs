//! Shared prime factors across many RSA moduli: batch GCD over product and remainder trees.
