import { onlineManager, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { configureAuth } from "./api/auth";
import { setApiBaseUrl } from "./api/http";
import { App } from "./App";
import { loadRuntimeConfig } from "./config";
import "./styles.css";
import "./app.css";

const queryClient = new QueryClient({
  defaultOptions: {
    // ApiErrors (4xx) will not fix themselves; one retry covers a dropped connection.
    queries: { retry: 1, refetchOnWindowFocus: false },
  },
});

// The query library assumes online until an event says otherwise; a page opened offline starts offline.
onlineManager.setOnline(navigator.onLine);

async function start(): Promise<void> {
  const root = createRoot(document.getElementById("root") as HTMLElement);
  try {
    const config = await loadRuntimeConfig();
    configureAuth(config);
    setApiBaseUrl(config.apiUrl);
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <App config={config} />
        </QueryClientProvider>
      </StrictMode>,
    );
  } catch (error) {
    root.render(
      <div className="fatal" role="alert">
        <h1>Code Remote could not start</h1>
        <p>{error instanceof Error ? error.message : String(error)}</p>
      </div>,
    );
  }
}

void start();
