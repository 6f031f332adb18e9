#!/usr/bin/env bash
# Installs the reference tools the interop tests run: ssh-keygen and ssh (openssh-client),
# sshd (openssh-server), openssl, and puttygen and plink (putty-tools); makes sshd's privilege
# separation directory /run/sshd. Does nothing when they are all present.
set -euo pipefail
missing=()
PATH="$PATH:/usr/sbin:/usr/local/sbin:/sbin"
{ command -v ssh-keygen && command -v ssh; } >/dev/null || missing+=(openssh-client)
command -v sshd >/dev/null || missing+=(openssh-server)
command -v openssl >/dev/null || missing+=(openssl)
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
