#!/usr/bin/env bash
# Installs the reference tools the interop tests run: ssh-keygen and ssh (openssh-client),
# sshd (openssh-server), openssl, and puttygen and plink (putty-tools); makes sshd's privilege
# separation directory /run/sshd; and badkeys 0.0.21 (PyPI, with gmpy2 as a wheel) in a venv of
# its own, `.tools/badkeys` at the top of the repository (KEYWRIGHT_BADKEYS_VENV to move it),
# whose `bin/badkeys` the audit tests and benches/compare.sh run. Does nothing when they are
# all present.
set -euo pipefail
missing=()
PATH="$PATH:/usr/sbin:/usr/local/sbin:/sbin"
{ command -v ssh-keygen && command -v ssh; } >/dev/null || missing+=(openssh-client)
command -v sshd >/dev/null || missing+=(openssh-server)
command -v openssl >/dev/null || missing+=(openssl)
# badkeys' venv needs Python's venv module (Debian splits it out).
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
{ command -v puttygen && command -v plink; } >/dev/null || missing+=(putty-tools)
sudo=""
if [ "$(id -u)" -ne 0 ] && [ ${#missing[@]} -gt 0 ]; then
  command -v sudo >/dev/null || { echo "install ${missing[*]} (needs root)" >&2; exit 1; }
  sudo=sudo
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# As root, sshd needs its privilege separation directory (made at boot, so missing in
# containers); the login tests run it unprivileged otherwise.
if [ "$(id -u)" -eq 0 ] && [ ! -d /run/sshd ]; then install -d -m 0755 /run/sshd; fi

# badkeys, pinned: the audit tests compare keywright's findings with its own. It needs
# cryptography >= 49 and gmpy2, both wheels on PyPI, so no compiler is involved.
BADKEYS_VERSION=0.0.21
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${KEYWRIGHT_BADKEYS_VENV:-$root/.tools/badkeys}"
if [ "$("$venv/bin/badkeys" --version 2>/dev/null)" != "$BADKEYS_VERSION" ]; then
  echo "installing badkeys $BADKEYS_VERSION into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "badkeys==$BADKEYS_VERSION"
fi
