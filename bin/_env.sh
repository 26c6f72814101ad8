# Shared by bin/run and bin/test: a virtualenv with pinned packages, and npm packages.
# Usage: source bin/_env.sh [runtime|dev]
set -euo pipefail
PYTHON=${PYTHON:-python3}
profile=${1:-runtime}
requirements=requirements.txt
[ "$profile" = dev ] && requirements=requirements-dev.txt

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PYTHON" -m venv .venv
fi
# Re-install only when the requirements changed since the last install.
stamp=".venv/.installed-$(cat requirements*.txt | sha256sum | cut -c1-16)-$profile"
if [ ! -f "$stamp" ]; then
  echo "==> installing Python packages ($requirements)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$requirements"
  touch "$stamp"
fi
# Plain `npm ci` installs devDependencies too: ESLint for bin/test, axe-core for browser tests.
if [ ! -d node_modules/lightweight-charts ] || [ ! -d node_modules/eslint ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> installing front-end packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
export PATH="$PWD/.venv/bin:$PATH"
