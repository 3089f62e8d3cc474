# Secret Manager holds every secret; Cloud Run reads them as environment variables at start.
locals {
  # Through the Cloud SQL connector's unix socket: the connector encrypts the connection, so no sslmode here.
  database_url = "postgresql://${google_sql_user.app.name}:${random_password.db.result}@localhost/${google_sql_database.app.name}?host=/cloudsql/${google_sql_database_instance.main.connection_name}"
}

resource "google_secret_manager_secret" "database_url" {
  secret_id = "${var.service_name}-database-url"
  replication {
    auto {}
  }
  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "database_url" {
  secret      = google_secret_manager_secret.database_url.id
  secret_data = local.database_url
}

resource "random_password" "session" {
  length  = 64
  special = false
}

resource "google_secret_manager_secret" "session_secret" {
  secret_id = "${var.service_name}-session-secret"
  replication {
    auto {}
  }
  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "session_secret" {
  secret      = google_secret_manager_secret.session_secret.id
  secret_data = random_password.session.result
}

resource "random_password" "metrics" {
  length  = 40
  special = false
}

resource "google_secret_manager_secret" "metrics_token" {
  secret_id = "${var.service_name}-metrics-token"
  replication {
    auto {}
  }
  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "metrics_token" {
  secret      = google_secret_manager_secret.metrics_token.id
  secret_data = random_password.metrics.result
}

# The Google OAuth client secret is created in the Google Cloud console, so its value never enters
# Terraform state: add it with `gcloud secrets versions add <name> --data-file=-` (see outputs).
resource "google_secret_manager_secret" "google_client_secret" {
  secret_id = "${var.service_name}-google-client-secret"
  replication {
    auto {}
  }
  depends_on = [google_project_service.apis]
}
