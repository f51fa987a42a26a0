/** @type {import('next').NextConfig} */
const nextConfig = {
  // Loaded from node_modules at run time instead of bundled: native drivers, and the queue's server
  // packages (whose exec command resolves programs on disk, which the bundler would try to trace).
  serverExternalPackages: ['better-sqlite3', 'pg', '@queue/sql', '@queue/http', '@queue/next'],
  // The monorepo root, so file tracing finds the workspace packages.
  outputFileTracingRoot: new URL('../..', import.meta.url).pathname,
}

export default nextConfig
