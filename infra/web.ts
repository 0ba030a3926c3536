import { webClient, userPool } from "./auth";
import { api } from "./api";
import { realtime } from "./realtime";

/** The React app, with every endpoint it needs as build-time env (the same keys /config.json has locally). */
export const web = new sst.aws.StaticSite("Web", {
  path: "packages/web",
  build: { command: "npm run build", output: "dist" },
  // Under `sst dev` nothing is deployed for the site: SST runs `npm run dev` (Vite) with the same env.
  dev: { url: "http://localhost:5173" },
  environment: {
    VITE_API_URL: api.url,
    VITE_WS_URL: realtime.url,
    VITE_REGION: aws.getRegionOutput().name,
    VITE_USER_POOL_ID: userPool.id,
    VITE_USER_POOL_CLIENT_ID: webClient.id,
  },
});
