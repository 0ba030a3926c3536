/**
 * What the web app needs to find its backend, in one shape for the cloud (baked in at build time as
 * VITE_* by the StaticSite) and the local stack (served as /config.json, its ports known only at start).
 */
export interface WebRuntimeConfig {
  apiUrl: string;
  wsUrl: string;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  /** Only in local mode: the Cognito twin's URL. Absent in the cloud, where Amplify derives it. */
  userPoolEndpoint?: string;
}
