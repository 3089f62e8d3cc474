/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

// Single Fetch's types: loaders and actions may return data() with a status, and useLoaderData /
// useActionData<typeof …> infer what arrives (Dates stay Dates). https://remix.run/docs/en/main/guides/single-fetch
// (a module file, so this augments the real declaration instead of replacing it)
export {};
declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
}
