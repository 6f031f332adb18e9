#!/usr/bin/env bash
# Times the keywright CLI (release build) against openssl, ssh-keygen and puttygen doing the
# same work, in one run: for each task the two commands alternate (the order flips every
# round, so neither always runs on a warm cache or a quiet machine), and the table compares
# medians. Prints one Markdown table of ratios (ours / reference; lower is better).
#
# Usage: benches/compare.sh [TASK...]         (default: every task; names in the table)
# Environment:
#   KEYWRIGHT=PATH   time this binary instead of building target/release/keywright
#   RUNS=N           multiply every task's round count by N/10 (default 10: as listed below)
#   MEMTEST=1        also fingerprint a 1 GiB authorized_keys under /usr/bin/time -v
#   KEEP=1           keep the work directory
#   BASELINE=PATH    also time an older keywright binary on the RSA tasks (before/after rows)
#
# Work files live in /dev/shm when it exists: keywright fsyncs the private keys it writes and
# the reference tools do not, so a RAM file system keeps disk flushes out of the comparison.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [[ -z "${KEYWRIGHT:-}" ]]; then
    cargo build --release --quiet -p keywright-cli --manifest-path "$ROOT/Cargo.toml"
    KEYWRIGHT="$ROOT/target/release/keywright"
fi
KW=$KEYWRIGHT
for tool in openssl ssh-keygen puttygen; do
    command -v "$tool" >/dev/null || { echo "compare.sh: $tool not found (make tools)" >&2; exit 1; }
done
SCALE=${RUNS:-10}

BASE=/tmp
[[ -d /dev/shm && -w /dev/shm ]] && BASE=/dev/shm
W=$(mktemp -d "$BASE/keywright-compare.XXXXXX")
[[ -n "${KEEP:-}" ]] || trap 'rm -rf "$W"' EXIT

# ---------------------------------------------------------------------------- fixtures
PASS=correct-horse-battery
printf '%s' "$PASS" >"$W/pass"
: >"$W/empty"
ARGON=(--argon2 id --argon2-memory 8192 --argon2-passes 13 --argon2-parallelism 1)
PPK_PARAM=version=3,kdf=argon2id,memory=8192,passes=13,parallel=1

fixtures() {
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -quiet -out "$W/rsa2048.p8"
    openssl rsa -in "$W/rsa2048.p8" -traditional -out "$W/rsa2048.pem" 2>/dev/null
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -quiet -out "$W/rsa4096.p8"
    openssl rsa -in "$W/rsa4096.p8" -traditional -out "$W/rsa4096.pem" 2>/dev/null
    # Legacy-encrypted PEM (Proc-Type: 4,ENCRYPTED, AES-128-CBC): what puttygen imports.
    openssl rsa -in "$W/rsa2048.p8" -traditional -aes128 -passout "file:$W/pass" \
        -out "$W/rsa2048-enc.pem" 2>/dev/null
    puttygen "$W/rsa4096.pem" -O private -o "$W/rsa4096.ppk" --ppk-param version=3
    puttygen "$W/rsa2048.pem" -O private -o "$W/rsa2048-enc.ppk" \
        --new-passphrase "$W/pass" --ppk-param "$PPK_PARAM"
    # openssh-key-v1, aes256-ctr, bcrypt-pbkdf at 16 rounds (ssh-keygen's default).
    ssh-keygen -q -t ed25519 -a 16 -N "$PASS" -C bench -f "$W/ed25519-enc" </dev/null
    authorized_keys
}

# 100 000 lines from a pool of distinct keys: RSA 2048/3072/4096, Ed25519, ECDSA P-256/384,
# with comments, some with options, some blank and # lines, as real files are.
authorized_keys() {
    local pool="$W/pool" i
    : >"$pool"
    for i in $(seq 1 8); do
        ssh-keygen -q -t rsa -b $((2048 + (i % 3) * 1024)) -N '' -C "rsa$i@host" -f "$W/k" </dev/null
        cat "$W/k.pub" >>"$pool"; rm -f "$W/k" "$W/k.pub"
    done
    for i in $(seq 1 16); do
        ssh-keygen -q -t ed25519 -N '' -C "ed$i@host" -f "$W/k" </dev/null
        cat "$W/k.pub" >>"$pool"; rm -f "$W/k" "$W/k.pub"
    done
    for i in $(seq 1 8); do
        ssh-keygen -q -t ecdsa -b $((i % 2 ? 256 : 384)) -N '' -C "ec$i@host" -f "$W/k" </dev/null
        cat "$W/k.pub" >>"$pool"; rm -f "$W/k" "$W/k.pub"
    done
    awk -v lines=100000 '
        { pool[n++] = $0 }
        END {
            for (i = 0; i < lines; i++) {
                k = pool[i % n]
                if (i % 97 == 0) print "# team " i
                else if (i % 13 == 0) print "from=\"10.0.0." (i % 250) "\",no-pty " k "-" i
                else print k "-" i
            }
        }' "$pool" >"$W/authorized_keys"
}

# 1 000 000 hashed known_hosts lines (ssh-keygen -H of host0..host999999.example.com, Ed25519).
known_hosts_fixture() {
    [[ -f "$W/known_hosts" ]] && return
    ssh-keygen -q -t ed25519 -N '' -C kh -f "$W/kh" </dev/null
    awk -v key="$(cut -d' ' -f1,2 "$W/kh.pub")" 'BEGIN { for (i = 0; i < 1000000; i++) print "host" i ".example.com " key }' >"$W/known_hosts"
    ssh-keygen -q -H -f "$W/known_hosts" >/dev/null 2>&1
    rm -f "$W/known_hosts.old"
}

# ---------------------------------------------------------------------------- timing
# Microseconds taken by "$@" (output discarded); aborts the run if the command fails.
elapsed() {
    local start=${EPOCHREALTIME/./} end
    if ! "$@" >/dev/null 2>"$W/stderr"; then
        echo "compare.sh: failed: $*" >&2; cat "$W/stderr" >&2; exit 1
    fi
    end=${EPOCHREALTIME/./}
    echo $((end - start))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ROWS=()
# compare NAME ROUNDS TARGET REFERENCE_NAME OURS_FN THEIRS_FN
compare() {
    local name=$1 rounds=$(( ($2 * SCALE + 9) / 10 )) target=$3 refname=$4 ours=$5 theirs=$6
    local i a b
    : >"$W/ours.t"; : >"$W/theirs.t"
    for ((i = 0; i < rounds; i++)); do
        if ((i % 2 == 0)); then
            a=$(elapsed "$ours"); b=$(elapsed "$theirs")
        else
            b=$(elapsed "$theirs"); a=$(elapsed "$ours")
        fi
        echo "$a" >>"$W/ours.t"; echo "$b" >>"$W/theirs.t"
    done
    local mo mt
    mo=$(median <"$W/ours.t"); mt=$(median <"$W/theirs.t")
    ROWS+=("$(awk -v n="$name" -v r="$rounds" -v mo="$mo" -v mt="$mt" -v t="$target" -v ref="$refname" 'BEGIN {
        ratio = mo / mt
        verdict = (t == "-") ? "" : (ratio <= t ? "yes" : "**no**")
        printf "| %s | %d | %.1f | %s | %.1f | %.2fx | %s | %s |", n, r, mo / 1000, ref, mt / 1000, ratio, (t == "-" ? "-" : "<= " t "x"), verdict
    }')")
    echo "${ROWS[-1]}" >&2
}

# ---------------------------------------------------------------------------- tasks
ours_rsa2048() { "$KW" generate -t rsa -b 2048 --force -o "$W/gen2048.pem"; }
ossl_rsa2048() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -quiet -out "$W/ossl2048.pem"; }
ours_rsa4096() { "$KW" generate -t rsa -b 4096 --force -o "$W/gen4096.pem"; }
ossl_rsa4096() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -quiet -out "$W/ossl4096.pem"; }

base_rsa2048() { "$BASELINE" generate -t rsa -b 2048 --force -o "$W/base2048.pem"; }
base_rsa4096() { "$BASELINE" generate -t rsa -b 4096 --force -o "$W/base4096.pem"; }

ours_fp() { "$KW" fingerprint "$W/authorized_keys"; }
sshk_fp() { ssh-keygen -l -f "$W/authorized_keys"; }

ours_ppk3_decrypt() { "$KW" convert "$W/rsa2048-enc.ppk" --passphrase-file "$W/pass" --to pkcs1 --force -o "$W/out-ours.pem"; }
putty_ppk3_decrypt() { puttygen "$W/rsa2048-enc.ppk" --old-passphrase "$W/pass" -O private-openssh --new-passphrase "$W/empty" -o "$W/out-putty.pem"; }

ours_pem_to_ppk3() { "$KW" convert "$W/rsa2048-enc.pem" --passphrase-file "$W/pass" --to ppk3 --new-passphrase-file "$W/pass" "${ARGON[@]}" --force -o "$W/out-ours.ppk"; }
putty_pem_to_ppk3() { puttygen "$W/rsa2048-enc.pem" --old-passphrase "$W/pass" -O private --new-passphrase "$W/pass" --ppk-param "$PPK_PARAM" -o "$W/out-putty.ppk"; }

ours_pem_to_ppk() { "$KW" convert "$W/rsa4096.pem" --to ppk3 --force -o "$W/out-ours.ppk"; }
putty_pem_to_ppk() { puttygen "$W/rsa4096.pem" -O private --ppk-param version=3 -o "$W/out-putty.ppk"; }
ours_ppk_to_pem() { "$KW" convert "$W/rsa4096.ppk" --to pkcs1 --force -o "$W/out-ours.pem"; }
putty_ppk_to_pem() { puttygen "$W/rsa4096.ppk" -O private-openssh -o "$W/out-putty.pem"; }

# SSHSIG: an Ed25519 signature over a 1 GiB file (made once, by ssh-keygen), verified against
# an allowed_signers line; both read the file on standard input.
sshsig_fixture() {
    [[ -f "$W/big" ]] && return
    head -c 1073741824 /dev/urandom >"$W/big"
    ssh-keygen -q -t ed25519 -N '' -C bench -f "$W/sig-ed25519" </dev/null
    ssh-keygen -Y sign -q -n file -f "$W/sig-ed25519" "$W/big" 2>/dev/null
    echo "bench@example $(cut -d' ' -f1,2 "$W/sig-ed25519.pub")" >"$W/allowed_signers"
}
ours_sshsig_verify() { "$KW" verify -n file -s "$W/big.sig" --allowed-signers "$W/allowed_signers" -I bench@example - <"$W/big"; }
sshk_sshsig_verify() { ssh-keygen -Y verify -n file -f "$W/allowed_signers" -I bench@example -s "$W/big.sig" <"$W/big"; }

# 1000 Ed25519 public keys signed in one call; CAs Ed25519 and RSA-3072 (ssh-keygen -s
# signs RSA as rsa-sha2-512, as keywright does).
certify_fixture() {
    [[ -d "$W/certify" ]] && return
    mkdir -p "$W/certify"
    ssh-keygen -q -t ed25519 -N '' -C ca -f "$W/ca-ed25519" </dev/null
    ssh-keygen -q -t rsa -b 3072 -N '' -C ca -f "$W/ca-rsa3072" </dev/null
    local i
    # Python's cryptography makes the 1000 keys in a blink; ssh-keygen takes minutes.
    if ! python3 - "$W/certify" 2>/dev/null <<'PY'
import base64, struct, sys
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives import serialization as s
for i in range(1, 1001):
    raw = ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(s.Encoding.Raw, s.PublicFormat.Raw)
    blob = struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", 32) + raw
    with open(f"{sys.argv[1]}/u{i}.pub", "w") as f:
        f.write(f"ssh-ed25519 {base64.b64encode(blob).decode()} user{i}\n")
PY
    then
        for i in $(seq 1 1000); do
            ssh-keygen -q -t ed25519 -N '' -C "user$i" -f "$W/k" </dev/null
            mv "$W/k.pub" "$W/certify/u$i.pub"; rm -f "$W/k"
        done
    fi
}
ours_certify_ed25519() { "$KW" certify --ca "$W/ca-ed25519" -I bench -n alice -V -1d:+52w "$W"/certify/u{1..1000}.pub; }
sshk_certify_ed25519() { ssh-keygen -q -s "$W/ca-ed25519" -I bench -n alice -V -1d:+52w "$W"/certify/u{1..1000}.pub; }
ours_certify_rsa() { "$KW" certify --ca "$W/ca-rsa3072" -I bench -n alice -V -1d:+52w "$W"/certify/u{1..1000}.pub; }
sshk_certify_rsa() { ssh-keygen -q -s "$W/ca-rsa3072" -I bench -n alice -V -1d:+52w "$W"/certify/u{1..1000}.pub; }

# The 100 000-line authorized_keys with every third line a certificate or a FIDO key.
mixed_authorized_keys() {
    [[ -f "$W/authorized_keys.mixed" ]] && return
    certify_fixture
    ssh-keygen -q -s "$W/ca-ed25519" -I bench -n alice "$W"/certify/u{1..20}.pub
    cat "$W"/certify/u{1..20}-cert.pub "$ROOT"/crates/keywright/tests/data/sk/*.pub >"$W/special"
    awk 'NR == FNR { s[n++] = $0; next } { print (FNR % 3 == 0) ? s[FNR % n] : $0 }' \
        "$W/special" "$W/authorized_keys" >"$W/authorized_keys.mixed"
}
ours_fp_mixed() { "$KW" fingerprint "$W/authorized_keys.mixed"; }
sshk_fp_mixed() { ssh-keygen -l -f "$W/authorized_keys.mixed"; }

ours_openssh_decrypt() { "$KW" public "$W/ed25519-enc" --passphrase-file "$W/pass"; }
sshk_openssh_decrypt() { ssh-keygen -y -P "$PASS" -f "$W/ed25519-enc"; }

ours_kh_find() { "$KW" known-hosts find host765432.example.com -f "$W/known_hosts"; }
sshk_kh_find() { ssh-keygen -F host765432.example.com -f "$W/known_hosts"; }

# A fresh copy each round (the copy is timed with ours), then one new key appended.
ours_ak_add() { cp "$W/authorized_keys" "$W/ak-add" && "$KW" authorized-keys add "$W/kh.pub" -f "$W/ak-add"; }

# The audit's shared-prime search (#17): keywright's batch GCD (examples/audit_numbers.rs,
# release build) against badkeys' `sharedprimes` (gcd of each modulus with its fixed product of
# known-bad primes, through gmpy2) on the same 100 000 random odd 2048-bit numbers; badkeys
# from PyPI in target/badkeys-venv. AUDIT_MODULI=N changes the count.
audit_fixture() {
    [[ -f "$W/moduli.hex" ]] && return
    cargo build --release --quiet -p keywright --example audit_numbers --manifest-path "$ROOT/Cargo.toml"
    AUDIT_NUMBERS="$ROOT/target/release/examples/audit_numbers"
    BADKEYS_PY="$ROOT/target/badkeys-venv/bin/python"
    if ! "$BADKEYS_PY" -c 'import badkeys' 2>/dev/null; then
        python3 -m venv "$ROOT/target/badkeys-venv"
        "$ROOT/target/badkeys-venv/bin/pip" install --quiet badkeys
    fi
    "$AUDIT_NUMBERS" gen "${AUDIT_MODULI:-100000}" 1 "$W/moduli.hex"
}
ours_shared_primes() { "$AUDIT_NUMBERS" shared "$W/moduli.hex"; }
# badkeys' real sharedprimes: gcd with its product of known shared primes (keydata/primes2048.dat
# of the same badkeys package the reference runs), the same moduli on both sides.
ours_known_primes() {
    "$AUDIT_NUMBERS" known "$("$BADKEYS_PY" -c 'import badkeys,os;print(os.path.dirname(badkeys.__file__))')/keydata/primes2048.dat" "$W/moduli.hex"
}
badkeys_shared_primes() { "$BADKEYS_PY" "$ROOT/benches/badkeys_sharedprimes.py" "$W/moduli.hex"; }
# Per-key audit checks over AUDIT_KEYS (default 100 000) distinct public keys as
# authorized_keys lines, a third RSA-2048 (no two sharing a factor), a third Ed25519, a third
# ECDSA (benches/audit_keys.py, run by badkeys' venv python; cached in target/bench-fixtures).
# Both run the same per-key checks: badkeys' -c list, which `keywright audit --checks` takes
# as it is, plus keywright's ECDSA point check (badkeys' parser, OpenSSL, checks the point on
# load). Neither runs the shared-prime search (audit-shared-primes times it).
BADKEYS=${KEYWRIGHT_BADKEYS:-$ROOT/.tools/badkeys/bin/badkeys}
BADKEYS_CHECKS=rsainvalid,rsawarnings,roca,fermat,pattern,smallfactors,rsapoly,rsabias,xzbackdoor,smalld
audit_keys_fixture() {
    local n=${AUDIT_KEYS:-100000} dir="$ROOT/target/bench-fixtures" py
    py="$(dirname "$BADKEYS")/python"
    [[ -x "$BADKEYS" ]] || { echo "compare.sh: badkeys not found (scripts/install-tools.sh)" >&2; exit 1; }
    mkdir -p "$dir"
    if [[ ! -s "$dir/audit-keys-$n" ]]; then
        # Two halves in parallel (one per core), different seeds.
        "$py" "$ROOT/benches/audit_keys.py" $((n / 2)) "$dir/audit-keys-$n.a" 1 &
        "$py" "$ROOT/benches/audit_keys.py" $((n - n / 2)) "$dir/audit-keys-$n.b" 2
        wait
        cat "$dir/audit-keys-$n.a" "$dir/audit-keys-$n.b" >"$dir/audit-keys-$n"
        rm -f "$dir/audit-keys-$n.a" "$dir/audit-keys-$n.b"
    fi
    cp "$dir/audit-keys-$n" "$W/audit-keys"
}
ours_audit_keys() { "$KW" audit --checks "$BADKEYS_CHECKS,ecdsa-invalid-point" "$W/audit-keys"; }
badkeys_audit_keys() { "$BADKEYS" --ssh-lines -c "$BADKEYS_CHECKS" "$W/audit-keys"; }

run_task() {
    case $1 in
    audit-keys)
        audit_keys_fixture
        compare "audit $(wc -l <"$W/audit-keys") keys (1/3 RSA-2048), per-key checks" 2 0.05 "badkeys -c $BADKEYS_CHECKS" ours_audit_keys badkeys_audit_keys ;;
    rsa2048)
        compare "RSA-2048 keygen (per key)" 50 0.30 "openssl genpkey" ours_rsa2048 ossl_rsa2048
        [[ -z "${BASELINE:-}" ]] || compare "RSA-2048 keygen, this build vs BASELINE" 30 - "BASELINE keywright" ours_rsa2048 base_rsa2048 ;;
    rsa4096)
        compare "RSA-4096 keygen (per key)" 20 0.50 "openssl genpkey" ours_rsa4096 ossl_rsa4096
        [[ -z "${BASELINE:-}" ]] || compare "RSA-4096 keygen, this build vs BASELINE" 12 - "BASELINE keywright" ours_rsa4096 base_rsa4096 ;;
    fingerprint) compare "authorized_keys 100 000 lines, SHA256" 6 0.08 "ssh-keygen -l -f" ours_fp sshk_fp ;;
    ppk3-decrypt) compare "PPK v3 decrypt (Argon2id 8192 KiB, 13 passes) -> PEM" 12 0.5 "puttygen" ours_ppk3_decrypt putty_ppk3_decrypt ;;
    pem-to-ppk3) compare "encrypted PEM -> encrypted PPK v3 (same Argon2)" 12 0.5 "puttygen" ours_pem_to_ppk3 putty_pem_to_ppk3 ;;
    pem-to-ppk) compare "RSA-4096 PEM -> PPK v3, unencrypted" 20 0.2 "puttygen" ours_pem_to_ppk putty_pem_to_ppk ;;
    ppk-to-pem) compare "RSA-4096 PPK v3 -> PEM, unencrypted" 20 0.2 "puttygen" ours_ppk_to_pem putty_ppk_to_pem ;;
    openssh-decrypt) compare "openssh-key-v1 decrypt (bcrypt 16 rounds)" 12 0.6 "ssh-keygen -y" ours_openssh_decrypt sshk_openssh_decrypt ;;
    known-hosts-find)
        known_hosts_fixture
        compare "known-hosts find, 1 000 000 hashed lines" 6 0.3 "ssh-keygen -F" ours_kh_find sshk_kh_find ;;
    authorized-keys-add)
        known_hosts_fixture
        compare "authorized-keys add to 100 000 lines (incl. cp)" 4 0.3 "ssh-keygen -l -f" ours_ak_add sshk_fp ;;
    sshsig-verify)
        sshsig_fixture
        compare "SSHSIG verify, Ed25519, 1 GiB file" 6 1.05 "ssh-keygen -Y verify" ours_sshsig_verify sshk_sshsig_verify
        rm -f "$W/big" ;;
    certify-ed25519)
        certify_fixture
        compare "certify 1000 Ed25519 keys, Ed25519 CA (one call)" 6 0.3 "ssh-keygen -s" ours_certify_ed25519 sshk_certify_ed25519 ;;
    certify-rsa)
        certify_fixture
        compare "certify 1000 Ed25519 keys, RSA-3072 CA (one call)" 6 0.7 "ssh-keygen -s" ours_certify_rsa sshk_certify_rsa ;;
    fingerprint-mixed)
        mixed_authorized_keys
        compare "authorized_keys 100 000 lines, 1/3 certificates and FIDO keys" 6 0.08 "ssh-keygen -l -f" ours_fp_mixed sshk_fp_mixed ;;
    audit-shared-primes)
        audit_fixture
        compare "audit: shared primes, ${AUDIT_MODULI:-100000} RSA-2048 moduli (batch GCD, both cores)" 2 0.5 "badkeys sharedprimes" ours_shared_primes badkeys_shared_primes ;;
    audit-known-primes)
        audit_fixture
        compare "audit: known shared primes, ${AUDIT_MODULI:-100000} RSA-2048 moduli vs badkeys' primes2048.dat (remainder trees, both cores)" 2 0.5 "badkeys sharedprimes" ours_known_primes badkeys_shared_primes ;;
    *) echo "compare.sh: unknown task $1" >&2; exit 2 ;;
    esac
}

memtest() {
    local big="$W/authorized_keys.1g" peak
    : >"$big"
    while (($(stat -c %s "$big") < 1073741824)); do cat "$W/authorized_keys" >>"$big"; done
    peak=$(/usr/bin/time -v "$KW" fingerprint "$big" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ { print $2 }')
    echo "| fingerprint $(($(stat -c %s "$big") / 1048576)) MiB authorized_keys: peak RSS | $((peak / 1024)) MB (target <= 64 MB) |" >&2
    MEMROW="Peak RSS of \`keywright fingerprint\` on a $(($(stat -c %s "$big") / 1048576)) MiB authorized_keys: **$((peak / 1024)) MB** (target <= 64 MB)."
    rm -f "$big"
}

fixtures
TASKS=("$@")
((${#TASKS[@]})) || TASKS=(rsa2048 rsa4096 fingerprint ppk3-decrypt pem-to-ppk3 pem-to-ppk ppk-to-pem openssh-decrypt sshsig-verify known-hosts-find authorized-keys-add)
((${#TASKS[@]})) || TASKS=(rsa2048 rsa4096 fingerprint ppk3-decrypt pem-to-ppk3 pem-to-ppk ppk-to-pem openssh-decrypt sshsig-verify certify-ed25519 certify-rsa fingerprint-mixed)
for t in "${TASKS[@]}"; do run_task "$t"; done
MEMROW=
[[ -z "${MEMTEST:-}" ]] || memtest

echo
echo "keywright $("$KW" --version 2>/dev/null | awk '{ print $2 }') vs $(openssl version | awk '{ print "OpenSSL", $2 }'), $(ssh -V 2>&1 | cut -d, -f1), $(puttygen --version | head -1); $(nproc) cores; $(date -u +%F)"
echo
echo "| task | rounds | keywright ms | reference | reference ms | ratio | target | met |"
echo "|---|---:|---:|---|---:|---:|---|---|"
printf '%s\n' "${ROWS[@]}"
[[ -z "$MEMROW" ]] || { echo; echo "$MEMROW"; }
