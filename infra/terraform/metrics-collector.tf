# The metrics sidecar (run.tf): the Google-Built OpenTelemetry Collector scrapes the app's /metrics on
# localhost with the bearer token and writes the series to Managed Service for Prometheus, where the
# alert policies and the dashboard query them with PromQL. Not Google's run-gmp-sidecar image: its
# RunMonitoring config has no field for credentials, and /metrics answers 404 without the token.
locals {
  app_port              = 8080
  metrics_path          = "/metrics"
  collector_health_port = 13133
  collector_config_dir  = "/etc/otelcol"
  metrics_token_dir     = "/etc/metrics-token"
  metrics_token_file    = "token"
}

# A Cloud Run volume can only carry a secret, not a plain file, so the collector config (which holds no
# secret: the token is read from its own volume) travels through Secret Manager. JSON, because JSON is
# YAML to the collector and the tests read it without a YAML parser.
resource "google_secret_manager_secret" "metrics_collector_config" {
  secret_id = "${var.service_name}-metrics-collector-config"
  replication {
    auto {}
  }
  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "metrics_collector_config" {
  secret = google_secret_manager_secret.metrics_collector_config.id
  secret_data = templatefile("${path.module}/metrics-collector.json", {
    job          = var.service_name
    metrics_path = local.metrics_path
    app_port     = local.app_port
    token_file   = "${local.metrics_token_dir}/${local.metrics_token_file}"
    health_port  = local.collector_health_port
  })
}
