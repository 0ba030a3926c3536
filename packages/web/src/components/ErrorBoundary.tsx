import { Component, type ReactNode } from "react";

interface State {
  error: Error | null;
}

/**
 * Keeps one failing part (typically the lazily loaded editor chunk after a redeploy changed its
 * hash) from blanking the whole app, and offers the reload that fixes it.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; what: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="panel failed-part" role="alert">
        <p>
          The {this.props.what} could not load: {this.state.error.message}
        </p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
