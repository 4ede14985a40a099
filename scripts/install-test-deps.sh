#!/usr/bin/env bash
# Installs what the test suite needs beyond the build dependencies: Debian's `chromium` (and a font for
# its screenshots), in which the report test renders the sample report headless
# (Tests/CLITests/ReportBrowserTests.swift).
# Called by scripts/test.sh only; scripts/sample.sh (the main job) does not need a browser.
set -euo pipefail
packages=(chromium fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "neurorep: installing ${missing[*]} (test dependencies)" >&2
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
