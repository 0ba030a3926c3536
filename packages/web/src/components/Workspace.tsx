import { useJob } from "../hooks/useJob";
import { useRunCode } from "../hooks/useRunCode";
import { useRunShortcut } from "../hooks/useRunShortcut";
import { useSessionStore } from "../store/session";
import { CodeEditor } from "./CodeEditor";
import { History } from "./History";
import { OutputPanel } from "./OutputPanel";
import { RunBar } from "./RunBar";
import { StdinBox } from "./StdinBox";

export function Workspace() {
  const currentJobId = useSessionStore((state) => state.currentJobId);
  const { run, isSubmitting, error } = useRunCode();
  const { data: job, error: jobError } = useJob(currentJobId);
  useRunShortcut(run);

  return (
    <main className="workspace">
      <section className="left">
        <CodeEditor onRun={run} />
        <StdinBox />
        <RunBar onRun={run} submitting={isSubmitting} job={job} error={error ?? jobError} />
      </section>
      <section className="right">
        <OutputPanel job={job} />
        <History />
      </section>
    </main>
  );
}
