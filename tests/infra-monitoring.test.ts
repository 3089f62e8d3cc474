// The monitoring part of infra/terraform, read as data (test-support/terraform-config.ts): every item of
// the migration plan's monitoring section has alert policies that query metrics which exist, the uptime
// check probes /readyz, every secret the app reads comes from Secret Manager, the metrics sidecar sends
// the token the app checks, and the dashboard shows what the alerts watch. PromQL is parsed with
// Prometheus' own grammar: nothing else checks it before Cloud Monitoring does, at apply time.
import { parser as promql } from "@prometheus-io/lezer-promql";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { envSchema } from "~/env.server";
import { METRICS_PATH, READY_PATH } from "~/observability/http.server";
import { metrics } from "~/observability/metrics.server";
import { TerraformConfig, TF_DIR } from "~test/terraform-config";

const tf = await TerraformConfig.load();
const service = tf.evaluate("var.service_name");

/**
 * The plan's monitoring items (監視計画, postgresql-migration-plan.ja.md), each with the alert policies
 * that watch it and the metrics each policy must query. "app.KEY" is google_monitoring_alert_policy.app
 * ["KEY"] (alerts.tf), "readyz" the uptime check's policy (uptime.tf).
 */
const PLAN: Record<string, Record<string, string[]>> = {
  "データベース接続数 (connections)": {
    "app.pool_waiting": ["db_pool_connections"],
  },
  "クエリパフォーマンス (query performance)": {
    "app.slow_queries": ["db_slow_queries_total"],
    "app.latency_p95": ["http_request_duration_seconds_bucket"],
  },
  "エラー率 (error rate)": {
    "app.error_ratio": ["run_googleapis_com:request_count"],
    readyz: ["monitoring.googleapis.com/uptime_check/check_passed"],
  },
  "ディスク使用量 (disk)": {
    "app.sql_disk": ["cloudsql_googleapis_com:database_disk_utilization"],
  },
  "CPU/メモリ使用率 (CPU and memory)": {
    "app.run_cpu": ["run_googleapis_com:container_cpu_utilizations_bucket"],
    "app.run_memory": ["run_googleapis_com:container_memory_utilizations_bucket"],
    "app.sql_cpu": ["cloudsql_googleapis_com:database_cpu_utilization"],
    "app.sql_memory": ["cloudsql_googleapis_com:database_memory_utilization"],
  },
};

// --- The shapes read below (hcl2json: nested blocks are lists) ---
interface Alert {
  name: string;
  severity: string;
  duration: string;
  query: string;
}
interface Policy {
  for_each?: string;
  notification_channels: string;
  conditions: { condition_threshold?: { filter: string }[] }[];
}
interface Env {
  name: string;
  value?: string;
  value_source?: { secret_key_ref: { secret: string; version: string }[] }[];
}
interface Container {
  name?: string;
  args?: string[];
  depends_on?: string[];
  ports?: { container_port: string | number }[];
  env?: Env[];
  volume_mounts?: { name: string; mount_path: string }[];
  startup_probe?: { http_get: { path?: string; port?: string | number }[] }[];
}
interface Volume {
  name: string;
  secret?: { secret: string; items: { path: string; version: string }[] }[];
}
interface Service {
  template: { containers: Container[]; volumes: Volume[] }[];
}

const alerts = tf.locals.alerts as Record<string, Alert>;
const webService = tf.resource<Service>("google_cloud_run_v2_service", "web").template[0]!;
const appContainer = webService.containers.find((c) => c.ports)!;
const sidecar = webService.containers.find((c) => c.name === "metrics-collector")!;

/** The condition a plan entry names, with locals and variable defaults filled in. */
function condition(ref: string): string {
  if (ref.startsWith("app.")) return tf.resolve(alerts[ref.slice("app.".length)]!.query);
  return tf.resolve(tf.resource<Policy>("google_monitoring_alert_policy", ref).conditions[0]!.condition_threshold![0]!.filter);
}

/** Metric selectors of a PromQL query (name and {matchers}); throws at a syntax error. */
function selectors(query: string): { name: string; matchers: string }[] {
  const found: { name: string; matchers: string }[] = [];
  let error: number | undefined;
  promql.parse(query).iterate({
    enter: (ref) => {
      if (ref.type.isError) error ??= ref.from;
      if (ref.name !== "VectorSelector") return;
      const id = ref.node.getChild("Identifier");
      const matchers = ref.node.getChild("LabelMatchers");
      found.push({ name: id ? query.slice(id.from, id.to) : "", matchers: matchers ? query.slice(matchers.from, matchers.to) : "" });
    },
  });
  if (error !== undefined) throw new Error(`PromQL syntax error at "${query.slice(error, error + 40)}" in: ${query}`);
  return found;
}

/** The app's own series (no "domain:" prefix) must be metrics the app registers, selected by its job. */
function expectAppMetricsExist(query: string): void {
  for (const { name, matchers } of selectors(query).filter((s) => !s.name.includes(":"))) {
    expect(metrics.registry.getSingleMetric(name.replace(/_(bucket|count|sum)$/, "")), `${name} in app/observability/metrics.server.ts`).toBeDefined();
    expect(matchers, `${name} selects the service's job`).toContain(`job="${service}"`);
  }
}

/** The secret volume a container mounts at a path, and the one item it holds. */
function mountedSecret(container: Container, volumeName: string) {
  const mount = container.volume_mounts?.find((m) => m.name === volumeName);
  const secret = webService.volumes.find((v) => v.name === volumeName)?.secret?.[0];
  expect(mount, `${container.name} mounts ${volumeName}`).toBeDefined();
  expect(secret?.items, `${volumeName} holds one item`).toHaveLength(1);
  return { secret: secret!.secret, item: secret!.items[0]!, file: `${tf.resolve(mount!.mount_path)}/${tf.resolve(secret!.items[0]!.path)}` };
}

describe("infra/terraform monitoring", () => {
  it("has alert policies for every monitoring item of the plan, querying that item's metrics", () => {
    for (const [item, policies] of Object.entries(PLAN)) {
      for (const [ref, wanted] of Object.entries(policies)) {
        const text = condition(ref);
        const named = ref.startsWith("app.") ? selectors(text).map((s) => s.name) : [text];
        for (const metric of wanted) expect(named.join(" "), `${item}: ${ref} queries ${metric}`).toContain(metric);
      }
    }
    // …and no policy outside the plan's items goes unexplained.
    const mapped = Object.values(PLAN).flatMap((p) => Object.keys(p));
    expect(Object.keys(alerts).map((k) => `app.${k}`).sort()).toEqual(mapped.filter((r) => r.startsWith("app.")).sort());
    expect(tf.resource<Policy>("google_monitoring_alert_policy", "app").for_each).toBe("${local.alerts}");
    expect(tf.resourceNames("google_monitoring_alert_policy").sort()).toEqual(["app", "readyz"]);
  });

  it("alerts at the thresholds the deploy guide states", () => {
    expect(alerts.pool_waiting).toMatchObject({ duration: "600s", query: expect.stringMatching(/state="waiting"\}\) > 0$/) });
    expect(alerts.error_ratio).toMatchObject({ duration: "300s", query: expect.stringMatching(/response_code_class="5xx"[\s\S]*> 0\.01\s*$/) });
    expect(alerts.sql_disk!.query).toMatch(/> 0\.8$/);
    // p95 against the same window a week earlier, and only above a floor
    expect(alerts.latency_p95!.query).toMatch(/> 2 \* histogram_quantile\(0\.95, [^\n]*offset 1w/);
    expect(alerts.latency_p95!.query).toContain("> ${var.latency_floor_seconds}");
    const docs = readFileSync(path.join(TF_DIR, "../../docs/deploy-cloud-run.md"), "utf8");
    for (const a of Object.values(alerts)) expect(docs, `the deploy guide explains "${a.name}"`).toContain(tf.resolve(a.name));
    expect(docs).toContain("/readyz failing");
  });

  it("writes PromQL that parses and names metrics the app registers", () => {
    for (const a of Object.values(alerts)) expectAppMetricsExist(tf.resolve(a.query));
  });

  it("notifies the configured channels from every policy", () => {
    for (const name of tf.resourceNames("google_monitoring_alert_policy")) {
      expect(tf.resource<Policy>("google_monitoring_alert_policy", name).notification_channels).toBe("${local.notification_channels}");
    }
    expect(tf.locals.notification_channels).toMatch(/var\.notification_channel_ids.*google_monitoring_notification_channel\.email/);
  });

  it("checks /readyz on the public origin over HTTPS and alerts on that check", () => {
    const check = tf.resource<{
      http_check: { path: string; use_ssl: boolean }[];
      content_matchers: { content: string }[];
      monitored_resource: { type: string; labels: Record<string, string> }[];
    }>("google_monitoring_uptime_check_config", "readyz");
    expect(check.http_check[0]).toMatchObject({ path: READY_PATH, use_ssl: true });
    expect(check.monitored_resource[0]).toMatchObject({ type: "uptime_url", labels: { host: "${local.public_host}" } });
    expect(tf.locals.public_host).toContain("var.app_url");
    expect(check.content_matchers[0]!.content, '/readyz answers {"status":"ok",…} only when the database did').toBe('"status":"ok"');
    const policy = tf.resource<Policy>("google_monitoring_alert_policy", "readyz");
    expect(policy.conditions[0]!.condition_threshold![0]!.filter).toContain(
      'metric.label.check_id="${google_monitoring_uptime_check_config.readyz.uptime_check_id}"',
    );
  });

  it("gives the service every secret the app reads from Secret Manager, never as a plain value", () => {
    // Secrets by name (credentials, signing keys), plus DATABASE_URL: it carries the database password.
    // (a variable ending in _URL is an address, secret only when it is the database's: it holds the password)
    const secrets = Object.keys(envSchema.in.shape).filter((n) => (/SECRET|TOKEN|PASSWORD|_KEY$/.test(n) && !n.endsWith("_URL")) || n === "DATABASE_URL");
    expect(secrets).toEqual(expect.arrayContaining(["DATABASE_URL", "SESSION_SECRET", "GOOGLE_CLIENT_SECRET", "METRICS_TOKEN"]));
    const readable = Object.values(tf.locals.web_secrets as Record<string, string>);
    for (const name of secrets) {
      const env = appContainer.env?.find((e) => e.name === name);
      expect(env, `${name} is set on the service`).toBeDefined();
      expect(env!.value, `${name} is not a plain value`).toBeUndefined();
      const secret = /^\$\{google_secret_manager_secret\.(\w+)\.secret_id\}$/.exec(env!.value_source?.[0]?.secret_key_ref[0]?.secret ?? "")?.[1];
      expect(secret, `${name} comes from a google_secret_manager_secret`).toBeDefined();
      tf.resource("google_secret_manager_secret", secret!);
      expect(readable, `the service account may read ${secret}`).toContain(`\${google_secret_manager_secret.${secret}.id}`);
    }
  });

  it("runs a metrics sidecar that scrapes the app's /metrics with the app's token", () => {
    expect(webService.containers.filter((c) => c.ports), "one ingress container").toHaveLength(1);
    expect(appContainer.name).toBe("app");
    expect(sidecar, "the metrics-collector container").toBeDefined();
    expect(sidecar.ports).toBeUndefined();
    expect(sidecar.depends_on).toEqual([appContainer.name]);

    // the same secret and version the app's METRICS_TOKEN comes from
    const appToken = appContainer.env!.find((e) => e.name === "METRICS_TOKEN")!.value_source![0]!.secret_key_ref[0]!;
    const token = mountedSecret(sidecar, "metrics-token");
    expect(token.secret).toBe(appToken.secret);
    expect(token.item.version).toBe(appToken.version);
    expect(appToken.version).toBe("${google_secret_manager_secret_version.metrics_token.version}");

    const configFile = mountedSecret(sidecar, "metrics-collector-config");
    expect(configFile.secret).toBe("${google_secret_manager_secret.metrics_collector_config.secret_id}");
    expect(configFile.item.version).toBe("${google_secret_manager_secret_version.metrics_collector_config.version}");
    expect(sidecar.args?.map((a) => tf.resolve(a))).toEqual([`--config=${configFile.file}`]);
    expect(tf.locals.web_secrets).toHaveProperty("metrics_collector_config", "${google_secret_manager_secret.metrics_collector_config.id}");

    const version = tf.resource<{ secret_data: string }>("google_secret_manager_secret_version", "metrics_collector_config");
    const config = JSON.parse(tf.renderTemplate(version.secret_data).text);
    const scrape = config.receivers["prometheus/app"].config.scrape_configs[0];
    expect(scrape).toMatchObject({
      job_name: service, // the job label the alert queries select
      metrics_path: METRICS_PATH,
      authorization: { type: "Bearer", credentials_file: token.file },
      static_configs: [{ targets: [`localhost:${tf.resolve(appContainer.ports![0]!.container_port)}`] }],
    });
    const pipeline = config.service.pipelines["metrics/app"];
    expect(pipeline).toMatchObject({ receivers: ["prometheus/app"], exporters: ["googlemanagedprometheus"] });
    for (const p of pipeline.processors) expect(config.processors, `processor ${p} is configured`).toHaveProperty([p]);
    // Cloud Run waits for the collector's health_check before it counts the sidecar as started.
    const probePort = tf.resolve(sidecar.startup_probe![0]!.http_get[0]!.port);
    expect(config.service.extensions).toContain("health_check");
    expect(config.extensions.health_check.endpoint).toBe(`0.0.0.0:${probePort}`);
  });

  it("has a dashboard (valid JSON) showing the metrics the alerts watch", () => {
    JSON.parse(readFileSync(path.join(TF_DIR, "dashboard.json"), "utf8")); // valid before templating too
    const dashboard = tf.resource<{ dashboard_json: string }>("google_monitoring_dashboard", "main");
    const rendered = tf.renderTemplate(dashboard.dashboard_json);
    const widgets = JSON.parse(rendered.text).mosaicLayout.tiles.map((t: { widget: unknown }) => t.widget);
    const queries: string[] = JSON.stringify(widgets).match(/"prometheusQuery":"(?:[^"\\]|\\.)*"/g)!.map((q) => JSON.parse(`{${q}}`).prometheusQuery);
    for (const q of queries) expectAppMetricsExist(q);
    const shown = new Set(queries.flatMap((q) => selectors(q).map((s) => s.name)));
    for (const [ref, wanted] of Object.values(PLAN).flatMap((p) => Object.entries(p))) {
      if (ref === "readyz") {
        // the uptime check's own policy, as an alert chart
        expect(dashboard.dashboard_json).toContain("readyz_alert_policy = google_monitoring_alert_policy.readyz.name");
        expect(widgets).toContainEqual(expect.objectContaining({ alertChart: { name: rendered.args.readyz_alert_policy } }));
      } else for (const metric of wanted) expect([...shown], `the dashboard shows ${metric}`).toContain(metric);
    }
  });
});
