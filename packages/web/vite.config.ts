import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The app is served from the site root both by the local stack and by CloudFront.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Monaco's editor core is one large chunk by nature; warn only beyond that.
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: "es" },
});
