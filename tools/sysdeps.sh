#!/usr/bin/env bash
# Debian packages innoscope's report needs: CJK fonts (charts), chromium (PDF, browser tests),
# poppler-utils (PDF checks); a Java runtime for `innoscope micro patents --engine spark` and its test.
# Installs them when run as root, otherwise prints the command.
set -u
missing=()
fc-list :lang=zh 2>/dev/null | grep -qi "noto" || missing+=(fonts-noto-cjk)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
{ [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; } || command -v java >/dev/null 2>&1 \
  || missing+=(default-jre-headless)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "innoscope needs Debian packages: ${missing[*]}"
  echo "run: sudo apt-get install -y ${missing[*]}"
  exit 1
fi
