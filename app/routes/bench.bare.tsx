// The benchmarks' baseline (`npm run bench -- auth`): a page of the same server, layout and root
// loader as every other page, with no loader of its own and no database access (requested without a
// session cookie, the root loader does not query either). Harmless to keep in production.
import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "bench | すずみな web" }];

export default function BenchBare() {
  return (
    <section className="card">
      <h1>ベンチマーク用のページ</h1>
      <p className="muted">データベースを使わないページです。</p>
    </section>
  );
}
