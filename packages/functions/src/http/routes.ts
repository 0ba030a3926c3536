/**
 * The HTTP routes, one list: the Hono app registers exactly these, and infra/api.ts declares
 * the same list on API Gateway.
 */
export const HTTP_ROUTES = [
  { method: "GET", path: "/health", auth: false },
  { method: "POST", path: "/execute", auth: true },
  { method: "GET", path: "/jobs", auth: true },
  { method: "GET", path: "/jobs/{id}", auth: true },
  { method: "PATCH", path: "/jobs/{id}", auth: true },
  { method: "DELETE", path: "/jobs/{id}", auth: true },
  { method: "GET", path: "/jobs/{id}/trace", auth: true },
  { method: "POST", path: "/jobs/{id}/cancel", auth: true },
  { method: "POST", path: "/jobs/{id}/share", auth: true },
  { method: "DELETE", path: "/jobs/{id}/share", auth: true },
  { method: "GET", path: "/shared/{token}", auth: true },
  { method: "POST", path: "/analyze", auth: true },
  { method: "POST", path: "/analyze/measure", auth: true },
] as const;

export type HttpRoute = (typeof HTTP_ROUTES)[number];
