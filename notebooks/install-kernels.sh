#!/usr/bin/env bash
# Registers the two Jupyter kernels the notebooks run on: tslab (TypeScript on Node) and Deno.
# tslab's kernelspec must name a Python that has jupyter_client; a pyenv or venv python3 often does not.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c "import jupyter_client" 2>/dev/null; then python="$candidate"; break; fi
done
[ -n "$python" ] || { echo "install-kernels.sh: no Python with jupyter_client; install Jupyter first (apt-get install jupyter-notebook jupyter-nbconvert jupyter-client python3-ipykernel)" >&2; exit 2; }
"$root/node_modules/.bin/tslab" install --python="$python" --binary="$root/node_modules/.bin/tslab"
"$root/node_modules/.bin/deno" jupyter --install --force
jupyter kernelspec list
