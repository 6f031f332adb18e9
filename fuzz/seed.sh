#!/usr/bin/env bash
# Rebuilds the seed corpora fuzz/corpus/<target>/ from the known-answer vectors and from
# keys the reference tools make with KDF costs under the fuzz targets' limits (bcrypt 2
# rounds, PBKDF2 1 iteration, Argon2 64 KiB / 1 pass), so the fuzzer reaches the
# decryption paths. Seeds are named for what they are; inputs the fuzzer adds are named by
# their SHA-1. Run from anywhere; needs ssh-keygen, openssl and puttygen
# (scripts/install-tools.sh). Existing seeds of the same name are overwritten.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
vec="$here/../crates/keywright/tests/data/vectors"
corpus="$here/corpus"
pass="$(head -n1 "$vec/passphrases/correct.txt")"

put() { # put TARGET NAME FILE: copy FILE as corpus/TARGET/NAME
  mkdir -p "$corpus/$1"
  cp "$3" "$corpus/$1/$2"
}

# Vectors: each file goes to the targets that read its format, to load_* and detect, and
# the small ones to the round trips. rsa3072/rsa4096 only go to the format targets,
# rsa2048 not to the round trips.
for dir in "$vec"/keys/*/; do
  id="$(basename "$dir")"
  for f in "$dir"*; do
    name="$id.$(basename "$f")"
    case "$(basename "$f")" in
      openssh*.key) targets="openssh_private load_private detect roundtrip_private" ;;
      *.ppk) targets="ppk load_private detect roundtrip_private" ;;
      spki.pem | pkcs1-public.pem) targets="pem_public load_public detect roundtrip_public" ;;
      *.pem) targets="pem_private load_private detect roundtrip_private" ;;
      *.der | *.der.b64) targets="der load_public detect roundtrip_public" ;;
      rfc4716*.pub | putty-rfc4716.pub) targets="rfc4716 load_public detect roundtrip_public" ;;
      openssh*.pub | putty-openssh.pub)
        targets="openssh_public_line authorized_keys load_public detect roundtrip_public" ;;
      *) continue ;;
    esac
    case "$id" in
      rsa3072-a | rsa4096-a) targets="${targets%% *}" ;;
      # The round trips re-check the key a dozen times: small keys only.
      rsa2048-a) targets="${targets% roundtrip_*}" ;;
    esac
    for t in $targets; do put "$t" "$name" "$f"; done
  done
done
for f in "$vec"/public/authorized_keys*; do
  put authorized_keys "$(basename "$f")" "$f"
done
for f in "$vec"/malformed/*; do
  name="malformed.$(basename "$f")"
  case "$f" in
    *.ppk) t=ppk ;;
    *.key) t=openssh_private ;;
    *rfc4716*) t=rfc4716 ;;
    *.pub) t=openssh_public_line ;;
    *.pem) t=pem_private ;;
    *) t=detect ;;
  esac
  put "$t" "$name" "$f"
  put detect "$name" "$f"
done

# Keys made here, cheap to decrypt under the fuzz limits.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' "$pass" > "$tmp/pass"
for t in ed25519 ecdsa rsa dsa; do
  bits=""
  [ "$t" = rsa ] && bits="-b 1024"
  [ "$t" = dsa ] && bits="-b 1024"
  # shellcheck disable=SC2086
  ssh-keygen -q -t "$t" $bits -a 2 -N "$pass" -C "fuzz-$t" -f "$tmp/$t-enc" </dev/null
  ssh-keygen -q -t "$t" $bits -N "" -C "ütf8 ☃ comment with spaces" -f "$tmp/$t" </dev/null
  for target in openssh_private load_private roundtrip_private; do
    put "$target" "gen.$t-bcrypt2.key" "$tmp/$t-enc"
    put "$target" "gen.$t-utf8-comment.key" "$tmp/$t"
  done
  for target in openssh_public_line authorized_keys load_public roundtrip_public; do
    put "$target" "gen.$t-utf8-comment.pub" "$tmp/$t.pub"
  done
  if [ "$t" != ed25519 ]; then
    cp "$tmp/$t" "$tmp/$t.pem"
    ssh-keygen -q -p -m PEM -N "" -P "" -f "$tmp/$t.pem" </dev/null
    for target in pem_private load_private roundtrip_private; do
      put "$target" "gen.$t-pem.pem" "$tmp/$t.pem"
    done
  fi
  # PPK v3 with Argon2 at 64 KiB / 1 pass, and v2, encrypted.
  puttygen "$tmp/$t-enc" --old-passphrase "$tmp/pass" --new-passphrase "$tmp/pass" \
    -O private --ppk-param kdf=argon2id,memory=64,passes=1,parallelism=1 -o "$tmp/$t-v3.ppk"
  puttygen "$tmp/$t-enc" --old-passphrase "$tmp/pass" --new-passphrase "$tmp/pass" \
    -O private --ppk-param version=2 -o "$tmp/$t-v2.ppk"
  for target in ppk load_private roundtrip_private; do
    put "$target" "gen.$t-argon2-64k.ppk" "$tmp/$t-v3.ppk"
    put "$target" "gen.$t-v2-enc.ppk" "$tmp/$t-v2.ppk"
  done
done

# PBES2 with one PBKDF2 iteration, from the vectors' PKCS#8.
for id in rsa1024-a ed25519-a ecdsa256-a ecdsa521-a dsa1024-a; do
  openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 1 -passout "file:$tmp/pass" \
    -in "$vec/keys/$id/pkcs8.pem" -out "$tmp/$id-p8.pem"
  for target in pem_private load_private roundtrip_private; do
    put "$target" "gen.$id-pkcs8-iter1.pem" "$tmp/$id-p8.pem"
  done
done

du -sh "$corpus"
