#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| keywright_fuzz::allowed_signers(data));
