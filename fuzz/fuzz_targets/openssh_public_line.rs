#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| keywright_fuzz::openssh_public_line(data));
