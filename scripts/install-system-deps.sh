#!/usr/bin/env bash
# Debian packages gongkai uses beyond PyPI. Idempotent; run as root (or with sudo).
set -euo pipefail
packages=(
  fonts-noto-cjk        # CJK fonts: rendering reports (PDF/DOCX previews) and the synthetic PDF corpus
  poppler-utils         # pdftoppm: render PDF pages to images to look at them
)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
