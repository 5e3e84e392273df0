#!/usr/bin/env bash
# Debian packages gongkai uses beyond PyPI. Idempotent; `make test` and `make demo` run it first.
# Installing needs root (or sudo); without either it says what is missing and carries on.
set -euo pipefail
packages=(
  fonts-noto-cjk        # CJK fonts: the annual report and corpus PDFs, the fallback for characters the
                        # Fandol faces lack (rare characters in names), and PDFium's stand-in for the
                        # non-embedded Chinese fonts of other offices' PDFs (the reader's output, pinned in
                        # tests, depends on it)
  texlive-lang-chinese  # Fandol fonts (files only, not in fontconfig): FandolFang is the free 仿宋 that
                        # letters, notices and receipts are set in, FandolSong Bold their title face (小标宋)
  poppler-utils         # pdftoppm: render PDF pages to images to look at them
  libpango-1.0-0        # WeasyPrint (every PDF) lays out text with Pango
  libpangoft2-1.0-0
  chromium              # headless browser of the browser tests (tests/browser, driven by Playwright for Python
                        # through executable_path: Playwright downloads no browser of its own)
  libgl1                # OpenCV (opencv-python, pulled in by rapidocr-onnxruntime for reading scanned reports)
  libglib2.0-0          # links against libGL and GLib even when no window is opened
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
# --no-install-recommends: texlive-lang-chinese would otherwise pull in a full TeX system (for its fonts only).
DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
