#!/usr/bin/env bash
# Installs the reference tools the interop tests run: ssh-keygen (openssh-client), openssl,
# and puttygen (putty-tools). Does nothing when they are all present.
set -euo pipefail
missing=()
command -v ssh-keygen >/dev/null || missing+=(openssh-client)
command -v openssl >/dev/null || missing+=(openssl)
command -v puttygen >/dev/null || missing+=(putty-tools)
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install ${missing[*]} (needs root)" >&2; exit 1; }
  sudo=sudo
fi
echo "installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
