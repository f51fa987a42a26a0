/** `GET /dashboard`: the web dashboard of `@queue/dashboard`, reading this API from the browser. */
import { dashboardResponse } from '@queue/dashboard'
import type { Route } from '../handler/router.js'

/** How `createHttpHandler` mounts the dashboard. */
export interface DashboardMount {
  /** The page title. Default `queue dashboard`. */
  title?: string
}

/** The dashboard route; `prefix` is where this API is mounted, so the page finds `/api/v1` under it. */
export function dashboardRoutes(prefix: string, mount: DashboardMount): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/dashboard',
      // No token on the shell: a browser cannot send a bearer token on navigation, and the page holds no data; every API call it makes carries the token.
      auth: 'none',
      handler: async () => dashboardResponse({ apiBase: prefix, ...(mount.title !== undefined ? { title: mount.title } : {}) }),
    },
  ]
}
