# Alert policies for the migration plan's monitoring items (connections, query performance, error rate,
# disk, CPU/memory). Every condition is PromQL: the app's metrics (scraped by the sidecar into Managed
# Service for Prometheus) and Google's own Cloud Run / Cloud SQL metrics are queried the same way.
# What each alert means and what to do first: docs/deploy-cloud-run.md#alerts. The /readyz uptime
# check and its alert are in uptime.tf.
resource "google_monitoring_notification_channel" "email" {
  count        = var.alert_email == "" ? 0 : 1
  display_name = "${var.service_name} alerts"
  type         = "email"
  labels = {
    email_address = var.alert_email
  }
  depends_on = [google_project_service.apis]
}

locals {
  notification_channels = concat(var.notification_channel_ids, google_monitoring_notification_channel.email[*].name)

  # PromQL selectors. The app's series carry job = the service name (metrics-collector.json).
  app      = "job=\"${var.service_name}\""
  revision = "monitored_resource=\"cloud_run_revision\",service_name=\"${var.service_name}\""
  database = "monitored_resource=\"cloudsql_database\",database_id=\"${var.project_id}:${google_sql_database_instance.main.name}\""
  # Page requests only: probes and scrapes are fast and frequent and would hide a slow site.
  page_latency_buckets = "http_request_duration_seconds_bucket{${local.app},route!~\"/healthz|/readyz|/metrics\"}"

  alerts = {
    pool_waiting = {
      name     = "DB pool: requests waiting for a connection"
      severity = "WARNING"
      duration = "600s"
      query    = "max(db_pool_connections{${local.app},state=\"waiting\"}) > 0"
    }
    slow_queries = {
      name     = "DB: slow queries above ${var.slow_queries_per_minute}/min"
      severity = "WARNING"
      duration = "600s"
      query    = "sum(rate(db_slow_queries_total{${local.app}}[5m])) * 60 > ${var.slow_queries_per_minute}"
    }
    # Baseline: the same 10 minutes one week earlier (traffic has a weekly rhythm). No data a week ago
    # (the first week, a new route) means no alert, and p95 under latency_floor_seconds never alerts.
    latency_p95 = {
      name     = "Latency: page p95 doubled against a week ago"
      severity = "WARNING"
      duration = "600s"
      query    = <<-EOT
        histogram_quantile(0.95, sum by (le) (rate(${local.page_latency_buckets}[10m])))
          > 2 * histogram_quantile(0.95, sum by (le) (rate(${local.page_latency_buckets}[10m] offset 1w)))
        and
        histogram_quantile(0.95, sum by (le) (rate(${local.page_latency_buckets}[10m]))) > ${var.latency_floor_seconds}
      EOT
    }
    # Cloud Run's own count: it includes the 5xx that never reached the app (no instance, crash).
    error_ratio = {
      name     = "Errors: 5xx above 1 % of requests"
      severity = "CRITICAL"
      duration = "300s"
      query    = <<-EOT
        sum(rate(run_googleapis_com:request_count{${local.revision},response_code_class="5xx"}[5m]))
          / sum(rate(run_googleapis_com:request_count{${local.revision}}[5m])) > 0.01
      EOT
    }
    sql_disk = {
      name     = "Cloud SQL: disk above 80 %"
      severity = "WARNING"
      duration = "300s"
      query    = "max(cloudsql_googleapis_com:database_disk_utilization{${local.database}}) > 0.8"
    }
    sql_cpu = {
      name     = "Cloud SQL: CPU above 80 %"
      severity = "WARNING"
      duration = "600s"
      query    = "max(cloudsql_googleapis_com:database_cpu_utilization{${local.database}}) > 0.8"
    }
    sql_memory = {
      name     = "Cloud SQL: memory above 90 %"
      severity = "WARNING"
      duration = "600s"
      query    = "max(cloudsql_googleapis_com:database_memory_utilization{${local.database}}) > 0.9"
    }
    run_cpu = {
      name     = "Cloud Run: container CPU p95 above 80 %"
      severity = "WARNING"
      duration = "600s"
      query    = "histogram_quantile(0.95, sum by (le, revision_name, container_name) (rate(run_googleapis_com:container_cpu_utilizations_bucket{${local.revision}}[5m]))) > 0.8"
    }
    # An instance over its memory limit is killed with its requests in flight.
    run_memory = {
      name     = "Cloud Run: container memory p95 above 85 %"
      severity = "WARNING"
      duration = "600s"
      query    = "histogram_quantile(0.95, sum by (le, revision_name, container_name) (rate(run_googleapis_com:container_memory_utilizations_bucket{${local.revision}}[5m]))) > 0.85"
    }
  }
}

resource "google_monitoring_alert_policy" "app" {
  for_each     = local.alerts
  display_name = "${var.service_name}: ${each.value.name}"
  severity     = each.value.severity
  combiner     = "OR"

  conditions {
    display_name = each.value.name
    condition_prometheus_query_language {
      query               = each.value.query
      duration            = each.value.duration
      evaluation_interval = "60s"
      # The app's series exist only after the sidecar's first scrape; without this the first apply
      # would fail on a metric Cloud Monitoring has not seen yet.
      disable_metric_validation = true
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "What it means and what to do first: docs/deploy-cloud-run.md, section Alerts, \"${each.value.name}\"."
  }

  alert_strategy {
    auto_close = "1800s"
  }

  notification_channels = local.notification_channels
  depends_on            = [google_project_service.apis]
}
