#!/usr/bin/env bash
# What `npm test` needs beyond npm install: dnsmasq, which the resolver tests start on loopback as a
# real DNS server. Installed with apt-get when missing and this user can; otherwise one line says what
# to install, and the tests do not start (nothing is skipped silently).
set -euo pipefail
have() { command -v dnsmasq >/dev/null 2>&1 || [ -x /usr/sbin/dnsmasq ] || [ -x /usr/local/sbin/dnsmasq ]; }
have && exit 0
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; fi
  fi
  if [ "$(id -u)" = 0 ] || [ -n "$sudo" ]; then
    echo "npm test: installing dnsmasq-base (the resolver tests run a real DNS server on loopback)"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq dnsmasq-base >/dev/null
    have && exit 0
  fi
fi
echo "npm test needs dnsmasq for the resolver tests: install it first (Debian/Ubuntu: apt-get install dnsmasq-base; Fedora: dnf install dnsmasq; macOS: brew install dnsmasq)" >&2
exit 1
