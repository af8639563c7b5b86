#!/usr/bin/env bash
# Writes prometheusrule.yaml from deploy/prometheus/alerts.yml, the one source of the rules.
# PrometheusRulesTest fails when the two differ; run this after editing alerts.yml.
set -euo pipefail
cd "$(dirname "$0")"
{
  cat <<'HEADER'
# GENERATED from deploy/prometheus/alerts.yml by render-prometheus-rule.sh: edit alerts.yml.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: postflight
  labels:
    app.kubernetes.io/part-of: postflight
spec:
HEADER
  sed -e 's/^\(.\)/  \1/' ../../prometheus/alerts.yml
} > prometheusrule.yaml
