#!/usr/bin/env bash
# The alert forwarder's destination down for a long outage (issue 6), the documented command behind
# deploy/README.md's "Reliability" section: runs ForwarderOutageIT with the outage given (default
# 5m; CI runs it with 45s) and prints its figures.
#
#   deploy/reliability/forwarder-outage.sh [DURATION]      e.g. 5m, 15m, PT20M
#
# Needs the modules built and installed once: mvn -B -DskipTests install
set -euo pipefail
cd "$(dirname "$0")/../.."
outage="${1:-5m}"
mvn -B -pl deploy verify -Dit.test=ForwarderOutageIT -Dtest=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dflowsentry.forwarder.outage="$outage" |
  grep -E 'Tests run:|FAIL|BUILD' || true
grep -h 'RELIABILITY' deploy/target/failsafe-reports/*ForwarderOutageIT-output.txt | sed 's/\x1b\[[0-9;]*m//g'
