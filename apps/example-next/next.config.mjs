/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native drivers load from node_modules at run time instead of being bundled.
  serverExternalPackages: ['better-sqlite3', 'pg', '@queue/sql'],
  // A lockfile higher up belongs to the monorepo; this app is its own root for tracing.
  outputFileTracingRoot: new URL('../..', import.meta.url).pathname,
}

export default nextConfig
