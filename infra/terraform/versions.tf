# Cloud Run + Cloud SQL (PostgreSQL) for suzumina web. See docs/deploy-cloud-run.md for the walkthrough.
# State holds generated secrets (database password, session secret): keep it in a private GCS bucket.
terraform {
  required_version = ">= 1.5"
  required_providers {
    google = {
      source = "hashicorp/google"
      # 6.33 has disable_metric_validation on PromQL alert conditions (alerts.tf)
      version = "~> 6.33"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
  # backend "gcs" {
  #   bucket = "YOUR-PROJECT-tfstate"
  #   prefix = "suzumina-web"
  # }
}

provider "google" {
  project = var.project_id
  region  = var.region
}
