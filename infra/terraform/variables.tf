variable "project_id" {
  description = "Google Cloud project id."
  type        = string
}

variable "region" {
  description = "Region for Cloud Run, Cloud SQL and the network (Tokyo by default: the community is in Japan)."
  type        = string
  default     = "asia-northeast1"
}

variable "service_name" {
  description = "Cloud Run service name; also the prefix of the other resources."
  type        = string
  default     = "suzumina-web"
}

variable "image" {
  description = "Runtime image of the service (`docker build .`, no Prisma CLI), e.g. asia-northeast1-docker.pkg.dev/PROJECT/suzumina/web:GIT_SHA. Later deploys change it with gcloud (Terraform ignores the image after creation)."
  type        = string
}

variable "migrate_image" {
  description = "Migrate image of the migration job (`docker build --target migrate .`, with the Prisma CLI), e.g. asia-northeast1-docker.pkg.dev/PROJECT/suzumina/migrate:GIT_SHA, built from the same commit as image."
  type        = string
}

variable "app_url" {
  description = "Public origin of the site (APP_URL), e.g. https://web.example.jp."
  type        = string
}

variable "google_client_id" {
  description = "OAuth client id of the Google sign-in (not secret). The client secret goes into Secret Manager by hand (see outputs)."
  type        = string
}

variable "access_policy" {
  description = "ACCESS_POLICY: open, domain or invite."
  type        = string
  default     = "invite"
}

variable "db_tier" {
  description = "Cloud SQL machine tier. db-f1-micro has max_connections = 25: size DATABASE_POOL_MAX with docs/deploy-cloud-run.md#pool-sizing."
  type        = string
  default     = "db-f1-micro"
}

variable "db_version" {
  description = "Cloud SQL PostgreSQL major version."
  type        = string
  default     = "POSTGRES_16"
}

variable "db_name" {
  type    = string
  default = "suzumina_db"
}

variable "db_user" {
  type    = string
  default = "suzumina_app"
}

variable "max_instances" {
  description = "Cloud Run max instances per revision. max_instances × pool_max × 2 (old + new revision during a rollout) must stay under the usable connections."
  type        = number
  default     = 3
}

variable "pool_max" {
  description = "DATABASE_POOL_MAX: PostgreSQL connections per instance."
  type        = number
  default     = 3
}

variable "deletion_protection" {
  description = "Protects the Cloud SQL instance from terraform destroy."
  type        = bool
  default     = true
}

# --- Monitoring (monitoring.tf, alerts.tf, uptime.tf, dashboard.tf) ---

variable "metrics_collector_image" {
  description = "Google-Built OpenTelemetry Collector image of the metrics sidecar (pinned: a new collector version is a reviewed change)."
  type        = string
  default     = "us-docker.pkg.dev/cloud-ops-agents-artifacts/google-cloud-opentelemetry-collector/otelcol-google:0.156.0"
}

variable "alert_email" {
  description = "E-mail address that receives alerts (creates an e-mail notification channel). Empty: none is created."
  type        = string
  default     = ""
}

variable "notification_channel_ids" {
  description = "Existing notification channels (projects/PROJECT/notificationChannels/ID: Slack, PagerDuty, SMS …) that receive every alert, in addition to alert_email."
  type        = list(string)
  default     = []
}

variable "slow_queries_per_minute" {
  description = "Alert when more database queries than this per minute are slower than SLOW_QUERY_MS (200 ms), sustained 10 minutes."
  type        = number
  default     = 5
}

variable "latency_floor_seconds" {
  description = "The p95-latency alert (doubled against the same hour a week earlier) stays quiet while p95 is below this: doubling 20 ms to 40 ms is not worth a page."
  type        = number
  default     = 0.3
}
