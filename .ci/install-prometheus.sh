#!/usr/bin/env bash
# Installs the Debian packages the integration tests run for real: prometheus (the metrics
# server PrometheusMetricsProviderIT starts on its own port), prometheus-alertmanager, and
# stress-ng (the fault suite starves the verifier of CPU with it).
# Idempotent: does nothing when all are installed. Needs root (or sudo) and apt-get.
set -euo pipefail

packages=(prometheus prometheus-alertmanager stress-ng)
missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-prometheus: already installed: ${packages[*]}"
else
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  echo "install-prometheus: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The package may start a system service on :9090; the tests never use it (they run their own
# server on a free loopback port), so it is left as the system has it.
/usr/bin/prometheus --version | head -n 1
