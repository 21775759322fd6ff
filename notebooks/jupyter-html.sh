#!/usr/bin/env bash
# Executes every notebook through Jupyter (nbconvert) and exports self-contained HTML that loads nothing
# from the network; its charts are interactive, with their libraries inlined in the page.
# Usage: notebooks/jupyter-html.sh [tslab|deno] [notebook.ipynb ...]
# Environment: PARLAB_PROFILE (default quick) and PARLAB_SET reach the kernel; OUT (default reports/jupyter/<kernel>).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kernel="${1:-tslab}"
shift || true
case "$kernel" in
  tslab|deno) ;;
  *) echo "jupyter-html.sh: unknown kernel \"$kernel\"; valid: tslab, deno" >&2; exit 2 ;;
esac
command -v jupyter >/dev/null || { echo "jupyter-html.sh: jupyter is not installed (apt-get install jupyter-nbconvert jupyter-notebook python3-ipykernel)" >&2; exit 2; }
# Read the whole list first: with pipefail, `grep -q` closing the pipe early would fail the check.
kernels="$(jupyter kernelspec list 2>/dev/null || true)"
grep -q "^ *$kernel " <<<"$kernels" || { echo "jupyter-html.sh: the $kernel kernel is not registered; run npm run kernel:install" >&2; exit 2; }
out="${OUT:-$here/../reports/jupyter/$kernel}"
mkdir -p "$out"
export PARLAB_PROFILE="${PARLAB_PROFILE:-quick}"
if [ $# -eq 0 ]; then set -- "$here"/[0-9][0-9]-*.ipynb; fi
status=0
for nb in "$@"; do
  echo "executing $(basename "$nb") with the $kernel kernel ($PARLAB_PROFILE profile)…" >&2
  # sanitize_html: markdown cells pass raw HTML through otherwise, so a <script> in prose would run in the page.
  jupyter nbconvert --to html --execute --HTMLExporter.sanitize_html=True \
    --ExecutePreprocessor.kernel_name="$kernel" --ExecutePreprocessor.timeout=1800 \
    --template-file "$here/nbconvert/offline.html.j2" \
    --output-dir "$out" "$nb" || { status=1; continue; }
  # Inlines vega, vega-lite and vega-embed once, so the charts are interactive offline; links the Result files.
  node "$here/nbconvert/finish-page.mjs" "$out/$(basename "$nb" .ipynb).html" "$nb" || status=1
done
exit $status
