# One dashboard with the plan's monitoring items, the same series the alerts watch (dashboard.json;
# ${…} placeholders are filled in here, the rest is Cloud Monitoring's dashboard JSON as exported).
resource "google_monitoring_dashboard" "main" {
  dashboard_json = templatefile("${path.module}/dashboard.json", {
    service_name        = var.service_name
    database_id         = "${var.project_id}:${google_sql_database_instance.main.name}"
    readyz_alert_policy = google_monitoring_alert_policy.readyz.name
  })
  depends_on = [google_project_service.apis]
}
