#!/usr/bin/env bash
# Debian packages gongkai uses beyond PyPI. Idempotent; `make test` and `make demo` run it first.
# Installing needs root (or sudo); without either it says what is missing and carries on.
set -euo pipefail
packages=(
  fonts-noto-cjk        # CJK fonts: PDFium lays out non-embedded Chinese fonts with them (the PDF reader's
                        # output, pinned in tests, depends on it), rendering reports and letters to images
  poppler-utils         # pdftoppm: render PDF pages to images to look at them
  libpango-1.0-0        # WeasyPrint (annual report PDF) lays out text with Pango
  libpangoft2-1.0-0
  faketime              # make test-dates: the suite with the system date moved (no test may depend on today)
)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run=(sudo)
else
  echo "install-system-deps: missing Debian packages ${missing[*]}; run 'sudo bash scripts/install-system-deps.sh'" >&2
  exit 0
fi
"${run[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq "${missing[@]}"
