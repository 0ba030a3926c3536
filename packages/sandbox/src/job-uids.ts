/**
 * The uid each runner's jobs run as (when the runner is root): one per live runner on the machine.
 *
 * Why not one uid for every job: RLIMIT_NPROC counts a uid's threads and processes across the whole
 * machine, so with one shared uid a job that starts as many threads as it may leaves none for a job
 * on another runner, which then fails to start a thread (another user's job failing because of
 * yours). With a uid per runner, each runner has its own budget, and runners run one job at a time.
 *
 * Unique without coordination: this process's pid (unique among live processes) times a bound on
 * the runners one process holds, plus a slot free in this process, far above any real account.
 */
export const JOB_UID_BASE = 1 << 30;
export const RUNNERS_PER_PROCESS = 256;

export class JobUids {
  private readonly taken = new Set<number>();
  private next = 0;

  constructor(private readonly pid: number) {}

  /** A uid no live runner of this process has; the one least recently handed out first. */
  take(): number {
    for (let tries = 0; tries < RUNNERS_PER_PROCESS; tries++) {
      const slot = this.next;
      this.next = (this.next + 1) % RUNNERS_PER_PROCESS;
      if (!this.taken.has(slot)) {
        this.taken.add(slot);
        return this.uidOf(slot);
      }
    }
    throw new Error(`more than ${RUNNERS_PER_PROCESS} sandbox runners in one process`);
  }

  give(uid: number): void {
    this.taken.delete(uid - this.uidOf(0));
  }

  private uidOf(slot: number): number {
    return JOB_UID_BASE + (this.pid % 4_194_304) * RUNNERS_PER_PROCESS + slot;
  }
}

/** Every pool in this process shares one allocator: pools run side by side (RoutedSandbox). */
export const jobUids = new JobUids(process.pid);
