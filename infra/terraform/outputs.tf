output "service_url" {
  value = google_cloud_run_v2_service.web.uri
}

output "sql_connection_name" {
  description = "PROJECT:REGION:INSTANCE, the /cloudsql/… socket name."
  value       = google_sql_database_instance.main.connection_name
}

output "migrate_job" {
  description = "Run before shifting traffic: gcloud run jobs execute <this> --region <region> --wait"
  value       = google_cloud_run_v2_job.migrate.name
}

output "google_client_secret_secret" {
  description = "Add the OAuth client secret: printf %s \"$SECRET\" | gcloud secrets versions add <this> --data-file=-"
  value       = google_secret_manager_secret.google_client_secret.secret_id
}

output "image_repository" {
  value = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}
