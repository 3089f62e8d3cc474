# Least privilege: one identity for the web service, another for the migration job. Each may connect to
# Cloud SQL and read only the secrets it uses; neither can change infrastructure.
resource "google_service_account" "web" {
  account_id   = "${var.service_name}-run"
  display_name = "suzumina web (Cloud Run service)"
}

resource "google_service_account" "migrate" {
  account_id   = "${var.service_name}-migrate"
  display_name = "suzumina web migrations (Cloud Run job)"
}

# roles/cloudsql.client (connect through the Cloud SQL connector) has no narrower scope than the project.
resource "google_project_iam_member" "web_sql_client" {
  project = var.project_id
  role    = "roles/cloudsql.client"
  member  = "serviceAccount:${google_service_account.web.email}"
}

resource "google_project_iam_member" "migrate_sql_client" {
  project = var.project_id
  role    = "roles/cloudsql.client"
  member  = "serviceAccount:${google_service_account.migrate.email}"
}

resource "google_project_iam_member" "web_log_writer" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = "serviceAccount:${google_service_account.web.email}"
}

resource "google_project_iam_member" "web_metric_writer" {
  project = var.project_id
  role    = "roles/monitoring.metricWriter"
  member  = "serviceAccount:${google_service_account.web.email}"
}

resource "google_project_iam_member" "migrate_log_writer" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = "serviceAccount:${google_service_account.migrate.email}"
}

locals {
  web_secrets = {
    database_url         = google_secret_manager_secret.database_url.id
    session_secret       = google_secret_manager_secret.session_secret.id
    metrics_token        = google_secret_manager_secret.metrics_token.id
    google_client_secret = google_secret_manager_secret.google_client_secret.id
    # read by the metrics sidecar (metrics-collector.tf), which runs as the same service account
    metrics_collector_config = google_secret_manager_secret.metrics_collector_config.id
  }
}

resource "google_secret_manager_secret_iam_member" "web" {
  for_each  = local.web_secrets
  secret_id = each.value
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.web.email}"
}

resource "google_secret_manager_secret_iam_member" "migrate_database_url" {
  secret_id = google_secret_manager_secret.database_url.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.migrate.email}"
}
