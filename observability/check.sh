#!/usr/bin/env bash
# Static checks of the observability configuration and the compose stack; run by .ci/run before the Maven build.
# Needs promtool (Debian: prometheus), amtool (Debian: prometheus-alertmanager) and docker-compose (Debian:
# docker-compose, v1 - `config` validates the file without a Docker engine).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '[observability] %s\n' "$*"; }

step "promtool check config"
promtool check config observability/prometheus/prometheus.yml observability/prometheus/prometheus-local.yml
step "promtool check rules"
promtool check rules observability/prometheus/rules/*.yml
step "promtool test rules"
promtool test rules observability/prometheus/tests/*.yml

step "amtool check-config"
am_config=observability/alertmanager/alertmanager.yml
amtool check-config "$am_config"
# Routing: critical goes to the on-call receiver, the rest to the default webhook.
expect_route() { # expected-receiver label=value...
  local expected=$1 got
  shift
  got=$(amtool config routes test --config.file="$am_config" "$@")
  if [[ "$got" != "$expected" ]]; then
    step "routing of {$*} goes to '$got', expected '$expected'"
    return 1
  fi
}
expect_route meterflow-oncall severity=critical layer=pipeline alertname=MeterFlowConnectorTaskFailed
expect_route meterflow-webhook severity=warning layer=fleet alertname=MeterFlowFleetErrorRateHigh
expect_route meterflow-webhook severity=info layer=fleet
expect_route meterflow-meter-alerts severity=high layer=meter alertname=MeterSilent meterId=m-1 rule=MeterSilent
expect_route meterflow-oncall severity=critical layer=meter alertname=ClockDrift meterId=m-1 rule=ClockDrift

step "docker-compose config"
# The stack needs named API keys for query-api; any value validates the file.
MF_API_KEYS=check:check docker-compose -f docker-compose.yml config -q

step "Grafana dashboards are valid JSON"
for dashboard in observability/grafana/dashboards/*.json; do
  python3 -m json.tool "$dashboard" >/dev/null || { step "$dashboard is not valid JSON"; exit 1; }
done
step "all checks passed"
