import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `vite` (npm run dev) for hot reload next to a running `npm start`: the app's /config.json comes
// from the local stack's web server, which knows the ports the API, WebSocket and Cognito are on.
const localStackUrl = process.env.CODE_REMOTE_LOCAL_URL ?? "http://127.0.0.1:3000";

// The app is served from the site root both by the local stack and by CloudFront.
export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/config.json": localStackUrl } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Monaco's editor core is one large chunk by nature (it is loaded lazily, after sign-in).
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: "es" },
});
