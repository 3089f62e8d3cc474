# The web service runs the runtime image (`docker build .`, no Prisma CLI); the migration job runs the
# migrate image of the same commit (`docker build --target migrate .`). Deploys after the first are done
# with gcloud (new revision without traffic, then a staged traffic split: docs/deploy-cloud-run.md#rollout),
# so Terraform ignores the app's images and the traffic split after creation. The service has a second
# container, the metrics sidecar (metrics-collector.tf); its image is pinned here.
locals {
  sql_connection = google_sql_database_instance.main.connection_name
}

resource "google_cloud_run_v2_service" "web" {
  name     = var.service_name
  location = var.region
  ingress  = "INGRESS_TRAFFIC_ALL"

  template {
    service_account                  = google_service_account.web.email
    max_instance_request_concurrency = 80
    timeout                          = "60s"

    scaling {
      min_instance_count = 0
      max_instance_count = var.max_instances
    }

    vpc_access {
      egress = "PRIVATE_RANGES_ONLY"
      network_interfaces {
        network    = google_compute_network.vpc.id
        subnetwork = google_compute_subnetwork.run.id
      }
    }

    volumes {
      name = "cloudsql"
      cloud_sql_instance {
        instances = [local.sql_connection]
      }
    }
    # The same version the app's METRICS_TOKEN comes from, so the sidecar never sends a token the app
    # does not know yet (rotate: a new version through Terraform, which rolls a new revision).
    volumes {
      name = "metrics-token"
      secret {
        secret = google_secret_manager_secret.metrics_token.secret_id
        items {
          path    = local.metrics_token_file
          version = google_secret_manager_secret_version.metrics_token.version
        }
      }
    }
    volumes {
      name = "metrics-collector-config"
      secret {
        secret = google_secret_manager_secret.metrics_collector_config.secret_id
        items {
          path    = "config.yaml"
          version = google_secret_manager_secret_version.metrics_collector_config.version
        }
      }
    }

    # First container = the ingress container that serves requests; lifecycle below relies on index 0.
    containers {
      name  = "app"
      image = var.image
      ports {
        container_port = local.app_port
      }
      resources {
        limits = {
          cpu    = "1"
          memory = "512Mi"
        }
        cpu_idle = true
      }

      env {
        name  = "NODE_ENV"
        value = "production"
      }
      env {
        name  = "DATABASE_POOL_MAX"
        value = tostring(var.pool_max)
      }
      env {
        name  = "APP_URL"
        value = var.app_url
      }
      env {
        name  = "ACCESS_POLICY"
        value = var.access_policy
      }
      # Google's front end appends the client address to X-Forwarded-For: one hop to trust, so the
      # sign-in limits key on the real client (and a client's own X-Forwarded-For is ignored).
      env {
        name  = "TRUST_PROXY"
        value = "1"
      }
      env {
        name  = "GOOGLE_CLIENT_ID"
        value = var.google_client_id
      }
      env {
        name = "DATABASE_URL"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.database_url.secret_id
            version = "latest"
          }
        }
      }
      env {
        name = "SESSION_SECRET"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.session_secret.secret_id
            version = "latest"
          }
        }
      }
      env {
        name = "GOOGLE_CLIENT_SECRET"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.google_client_secret.secret_id
            version = "latest"
          }
        }
      }
      env {
        name = "METRICS_TOKEN"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.metrics_token.secret_id
            version = google_secret_manager_secret_version.metrics_token.version
          }
        }
      }

      volume_mounts {
        name       = "cloudsql"
        mount_path = "/cloudsql"
      }

      startup_probe {
        http_get {
          path = "/healthz"
        }
        initial_delay_seconds = 0
        period_seconds        = 2
        timeout_seconds       = 1
        failure_threshold     = 15
      }
      liveness_probe {
        http_get {
          path = "/healthz"
        }
        period_seconds    = 30
        timeout_seconds   = 1
        failure_threshold = 3
      }
    }

    # Metrics sidecar: scrapes http://localhost:8080/metrics every 30 s (metrics-collector.json). It
    # starts after the app is up, so its first scrape finds /metrics. With CPU allocated only during
    # requests (cpu_idle) scrapes can pause while an instance is idle: graphs get gaps, counters stay
    # right across them (they are cumulative).
    containers {
      name       = "metrics-collector"
      image      = var.metrics_collector_image
      args       = ["--config=${local.collector_config_dir}/config.yaml"]
      depends_on = ["app"]
      resources {
        limits = {
          cpu    = "500m"
          memory = "256Mi"
        }
        cpu_idle = true
      }
      volume_mounts {
        name       = "metrics-token"
        mount_path = local.metrics_token_dir
      }
      volume_mounts {
        name       = "metrics-collector-config"
        mount_path = local.collector_config_dir
      }
      # The collector's health_check extension; Cloud Run needs it to know the sidecar started.
      startup_probe {
        http_get {
          path = "/"
          port = local.collector_health_port
        }
        period_seconds    = 2
        timeout_seconds   = 1
        failure_threshold = 15
      }
    }
  }

  traffic {
    type    = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST"
    percent = 100
  }

  lifecycle {
    ignore_changes = [
      template[0].containers[0].image,
      traffic,
      client,
      client_version,
    ]
  }

  depends_on = [
    google_secret_manager_secret_iam_member.web,
    google_project_iam_member.web_sql_client,
  ]
}

# Anyone may open the site (the app does its own sign-in).
resource "google_cloud_run_v2_service_iam_member" "public" {
  name     = google_cloud_run_v2_service.web.name
  location = var.region
  role     = "roles/run.invoker"
  member   = "allUsers"
}

# `gcloud run jobs execute suzumina-web-migrate --wait` before shifting traffic to a new revision; the
# migrate image's default command is the same `npm run db:deploy`, spelled out here.
resource "google_cloud_run_v2_job" "migrate" {
  name     = "${var.service_name}-migrate"
  location = var.region

  template {
    task_count = 1
    template {
      service_account = google_service_account.migrate.email
      max_retries     = 0 # a failed migration needs a human, not a retry
      timeout         = "600s"

      vpc_access {
        egress = "PRIVATE_RANGES_ONLY"
        network_interfaces {
          network    = google_compute_network.vpc.id
          subnetwork = google_compute_subnetwork.run.id
        }
      }

      volumes {
        name = "cloudsql"
        cloud_sql_instance {
          instances = [local.sql_connection]
        }
      }

      containers {
        image   = var.migrate_image
        command = ["npm"]
        args    = ["run", "db:deploy"]
        env {
          name  = "NODE_ENV"
          value = "production"
        }
        env {
          name = "DATABASE_URL"
          value_source {
            secret_key_ref {
              secret  = google_secret_manager_secret.database_url.secret_id
              version = "latest"
            }
          }
        }
        volume_mounts {
          name       = "cloudsql"
          mount_path = "/cloudsql"
        }
      }
    }
  }

  lifecycle {
    ignore_changes = [template[0].template[0].containers[0].image, client, client_version]
  }

  depends_on = [google_secret_manager_secret_iam_member.migrate_database_url, google_project_iam_member.migrate_sql_client]
}
