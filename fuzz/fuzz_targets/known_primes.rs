#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| keywright_fuzz::known_primes(data));
