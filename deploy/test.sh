#!/usr/bin/env bash
# Runs every test of the project on a fresh machine with Java 17 and Maven.
#
# The tests drive real peers from Debian's packages (softflowd as a NetFlow exporter, tshark as an
# independent decoder, rsyslog as a syslog receiver, kcat as a Kafka client): this script installs
# the missing ones (as root, or through passwordless sudo), then runs `mvn verify`, which builds
# every module, checks the formatting and runs unit, integration and end-to-end tests.
# Extra arguments go to Maven, for example: deploy/test.sh -pl flow-decoder -am
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A package_of=([softflowd]=softflowd [tshark]=tshark [rsyslogd]=rsyslog [kcat]=kcat)
missing=()
for command in "${!package_of[@]}"; do
  if ! command -v "$command" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$command" ]; then
    missing+=("${package_of[$command]}")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages the tests need: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    sudo_cmd=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo_cmd=(sudo -n)
  else
    echo "error: the tests need ${missing[*]}; install them with" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

exec mvn -B verify "$@"
