import { useEffect, useState } from "react";
import type { Job, Result } from "../api/types";
import { formatBytes } from "../lib/format";
import { lineCount, outputFileName, outputFileText, utf8Length } from "../lib/output-file";

/**
 * "Download output": the run's whole stdout (and stderr, if any) as a .txt file, made in the browser
 * (a Blob and a download link: nothing is fetched again). When the sandbox cut a stream at the output
 * limit it says where (lines and bytes kept). A job whose result is still the compact one (`partial`:
 * the whole one is being fetched) offers no download yet, so a file is never short.
 */
export function OutputDownload({ job, result }: { job: Job; result: Result }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  const empty = !result.stdout && !result.stderr;
  const cuts = (["stdout", "stderr"] as const).filter((stream) => result.truncated[stream]);
  if (empty && cuts.length === 0) return null;
  const download = () => {
    const link = document.createElement("a");
    const href = URL.createObjectURL(new Blob([outputFileText(result)], { type: "text/plain;charset=utf-8" }));
    link.href = href;
    link.download = outputFileName(job.jobId);
    document.body.append(link);
    link.click();
    link.remove();
    setUrl(href); // revoked on the next download or when the panel goes
  };
  return (
    <div className="output-download" data-testid="output-download">
      {cuts.map((stream) => (
        <p key={stream} className="truncated" data-testid={`${stream}-cut`}>
          {stream} was cut at the output limit ({formatBytes(job.limits.outputBytes)}) after{" "}
          {lineCount(result[stream]).toLocaleString("en")} lines ({formatBytes(utf8Length(result[stream]))}): the rest
          was not kept.
        </p>
      ))}
      <button
        type="button"
        className="button small"
        onClick={download}
        disabled={job.partial === true || empty}
        data-testid="download-output"
      >
        {job.partial ? "Loading the whole output…" : "Download output"}
      </button>
    </div>
  );
}
