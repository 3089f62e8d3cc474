# Availability: Google's checkers fetch /readyz (database reachable through the app's own pool) on the
# public origin every minute from several regions; the alert fires when more than one region fails.
locals {
  public_host = regex("^https?://([^/:]+)", var.app_url)[0]
}

resource "google_monitoring_uptime_check_config" "readyz" {
  display_name = "${var.service_name} /readyz"
  timeout      = "10s"
  period       = "60s"

  http_check {
    path         = "/readyz"
    port         = 443
    use_ssl      = true
    validate_ssl = true
    accepted_response_status_codes {
      status_class = "STATUS_CLASS_2XX"
    }
  }

  # /readyz answers {"status":"ok"} only when the database answered.
  content_matchers {
    content = "\"status\":\"ok\""
    matcher = "CONTAINS_STRING"
  }

  monitored_resource {
    type = "uptime_url"
    labels = {
      project_id = var.project_id
      host       = local.public_host
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_monitoring_alert_policy" "readyz" {
  display_name = "${var.service_name}: /readyz failing"
  severity     = "CRITICAL"
  combiner     = "OR"

  conditions {
    display_name = "/readyz uptime check failing in more than one region for 2 minutes"
    condition_threshold {
      filter          = "metric.type=\"monitoring.googleapis.com/uptime_check/check_passed\" AND resource.type=\"uptime_url\" AND metric.label.check_id=\"${google_monitoring_uptime_check_config.readyz.uptime_check_id}\""
      comparison      = "COMPARISON_GT"
      threshold_value = 1
      duration        = "120s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_NEXT_OLDER"
        cross_series_reducer = "REDUCE_COUNT_FALSE"
        group_by_fields      = ["resource.label.*"]
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "What it means and what to do first: docs/deploy-cloud-run.md, section Alerts, \"/readyz failing\"."
  }

  alert_strategy {
    auto_close = "1800s"
  }

  notification_channels = local.notification_channels
}
