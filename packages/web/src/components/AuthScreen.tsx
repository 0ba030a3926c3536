import { type FormEvent, useId, useState } from "react";
import { PASSWORD_POLICY_HINT, passwordPolicyViolation } from "@code-remote/core/auth";
import {
  confirmEmail,
  confirmPasswordReset,
  requestPasswordReset,
  resendCode,
  signInWithPassword,
  signUpWithEmail,
  UnconfirmedError,
} from "../api/auth";
import { weakPasswordMessage } from "../api/auth-errors";
import { useSessionStore } from "../store/session";

type Mode = "signIn" | "signUp" | "confirm" | "forgot" | "reset";

const TITLES: Record<Mode, string> = {
  signIn: "Sign in",
  signUp: "Create an account",
  confirm: "Confirm your email",
  forgot: "Reset your password",
  reset: "Choose a new password",
};

/** What an email address must look like before we ask Cognito (which would answer a vaguer error). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A form's own check before anything is sent: a clear sentence, or null. */
function formProblem(mode: Mode, email: string, password: string): string | null {
  if (!email) return "Enter your email.";
  if (!EMAIL.test(email)) return "That is not an email address. Use the form name@example.com.";
  if (mode === "signUp" || mode === "reset") {
    const violation = passwordPolicyViolation(password);
    if (violation) return weakPasswordMessage(violation);
  }
  return null;
}

/** Sign in, sign up, and the emailed-code step between them (also reached from an unconfirmed sign-in). */
/** `local`: the local stack, where codes are printed in the `npm start` terminal instead of emailed. */
export function AuthScreen({ local = false }: { local?: boolean }) {
  const setUser = useSessionStore((state) => state.setUser);
  const notice = useSessionStore((state) => state.notice);
  const clearNotice = useSessionStore((state) => state.clearNotice);
  const [mode, setMode] = useState<Mode>("signIn");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(notice);
  const [unconfirmed, setUnconfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const passwordHelp = useId();

  const go = (next: Mode, message: string | null = null) => {
    setMode(next);
    setError(null);
    setInfo(message);
    setUnconfirmed(false);
    clearNotice();
  };

  /** Runs one form action with the busy flag and the error line handled. */
  const attempt = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      if (caught instanceof UnconfirmedError) setUnconfirmed(true);
      setError(caught instanceof Error ? caught.message : "Something went wrong.");
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const address = email.trim();
    const problem = mode === "confirm" ? null : formProblem(mode, address, password);
    if (problem) {
      setError(problem);
      return;
    }
    void attempt(async () => {
      if (mode === "forgot") {
        await requestPasswordReset(address);
        setPassword("");
        go("reset", `We sent a 6-digit code to ${address}. Enter it with your new password.`);
      } else if (mode === "reset") {
        await confirmPasswordReset(address, code.trim(), password);
        setUser(await signInWithPassword(address, password));
      } else if (mode === "signIn") {
        setUser(await signInWithPassword(address, password));
      } else if (mode === "signUp") {
        const { confirmed } = await signUpWithEmail(address, password);
        if (confirmed) setUser(await signInWithPassword(address, password));
        else go("confirm", `We sent a 6-digit code to ${address}. Enter it below.`);
      } else {
        await confirmEmail(address, code.trim());
        // Straight in when we still have the password (sign-up just now); otherwise sign in as usual.
        if (password) setUser(await signInWithPassword(address, password));
        else go("signIn", "Your email is confirmed. Sign in to continue.");
      }
    });
  };

  const onResend = () =>
    void attempt(async () => {
      await resendCode(email.trim());
      setInfo(`We sent a new code to ${email.trim()}.`);
    });

  const submitLabel = {
    signIn: "Sign in",
    signUp: "Create account",
    confirm: "Confirm",
    forgot: "Send a reset code",
    reset: "Set the new password",
  }[mode];
  const busyLabel = {
    signIn: "Signing in…",
    signUp: "Creating account…",
    confirm: "Confirming…",
    forgot: "Sending…",
    reset: "Saving…",
  }[mode];
  const newPassword = mode === "signUp" || mode === "reset";

  return (
    <main className="centered" id="main">
      <form
        className="card signin"
        onSubmit={onSubmit}
        aria-labelledby="auth-title"
        data-testid="auth"
        data-mode={mode}
        noValidate
      >
        <h1 id="auth-title">{TITLES[mode]}</h1>
        <p className="muted">
          {mode === "confirm"
            ? "One last step before you can run code."
            : mode === "forgot" || mode === "reset"
              ? "We email you a code; with it you choose a new password."
              : "Run Python in a sandbox, right from your browser."}
        </p>
        {info && (
          <p className="form-info" role="status" data-testid="auth-info">
            {info}
          </p>
        )}
        <label>
          Email
          <input
            name="email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            readOnly={(mode === "confirm" || mode === "reset") && email !== ""}
            required
            autoFocus={mode !== "confirm" && mode !== "reset"}
          />
        </label>
        {mode === "reset" && <CodeField label="Reset code" value={code} onChange={setCode} />}
        {mode !== "confirm" && mode !== "forgot" && (
          <label>
            {mode === "reset" ? "New password" : "Password"}
            <input
              name="password"
              type="password"
              autoComplete={newPassword ? "new-password" : "current-password"}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-describedby={newPassword ? passwordHelp : undefined}
              required
            />
            {newPassword && (
              <span id={passwordHelp} className="hint">
                {PASSWORD_POLICY_HINT}
              </span>
            )}
          </label>
        )}
        {(mode === "confirm" || mode === "reset") && local && (
          <p className="hint" data-testid="local-code-hint">
            Running locally: nothing is emailed. The code is printed in the terminal where <code>npm start</code> runs
            (&ldquo;confirmation code for {email.trim() || "you@example.com"}: …&rdquo;).
          </p>
        )}
        {mode === "confirm" && <CodeField label="Confirmation code" value={code} onChange={setCode} />}
        {error && (
          <p className="form-error" role="alert" data-testid="auth-error">
            {error}
          </p>
        )}
        {unconfirmed && mode === "signIn" && (
          <div className="auth-actions">
            <button type="button" className="button" onClick={() => go("confirm")}>
              Enter the code
            </button>
            <button
              type="button"
              className="button ghost"
              onClick={() => {
                go("confirm");
                onResend();
              }}
            >
              Send a new code
            </button>
          </div>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
        <div className="auth-switch">
          {mode === "signIn" && (
            <>
              <button type="button" className="link" onClick={() => go("signUp")}>
                No account? Create one
              </button>
              <button type="button" className="link" onClick={() => go("forgot")}>
                Forgot password?
              </button>
            </>
          )}
          {(mode === "forgot" || mode === "reset") && (
            <button type="button" className="link" onClick={() => go("signIn")}>
              Back to sign in
            </button>
          )}
          {mode === "signUp" && (
            <button type="button" className="link" onClick={() => go("signIn")}>
              Already have an account? Sign in
            </button>
          )}
          {mode === "confirm" && (
            <>
              <button type="button" className="link" onClick={onResend} disabled={busy}>
                Send a new code
              </button>
              <button type="button" className="link" onClick={() => go("signIn")}>
                Back to sign in
              </button>
            </>
          )}
        </div>
      </form>
    </main>
  );
}

/** The emailed 6-digit code (sign-up confirmation or password reset). */
function CodeField({ label, value, onChange }: { label: string; value: string; onChange: (code: string) => void }) {
  return (
    <label>
      {label}
      <input
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        required
        autoFocus
      />
    </label>
  );
}
