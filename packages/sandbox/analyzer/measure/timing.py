"""Sizes and times: grow n while each size stays within its share of the budget, time each size as the
minimum over repeats (the run least disturbed by other load), taken in two readings a sweep apart. Calls
are timed with the thread's CPU clock where it ticks finely (see fine_thread_clock); the process CPU
clock meters the budget."""

import gc
import math
import time

# Repeats of each size when it is first timed, and when it is timed again after the sweep.
FIRST_REPEATS = 3
LATER_REPEATS = 2
# The growing sweep's share of the CPU budget: a size's first reading costs about 1 + FIRST_REPEATS
# calls (finding the batch size, then the repeats), the second LATER_REPEATS more.
FIRST_SWEEP_SHARE = (1 + FIRST_REPEATS) / (1 + FIRST_REPEATS + LATER_REPEATS)


def fine_thread_clock():
    """The thread's CPU clock when it ticks finely, else the wall clock. CPU time does not count the time
    the process waits for a core, so other load cannot inflate a timing (with the wall clock, every
    repeat of a batch could be preempted, and the minimum of five still read twice the cost). Inside
    the sandbox the process CPU clock ticks in milliseconds, but the thread's does not."""
    wall_end = time.perf_counter() + 0.01
    first = time.thread_time()
    while time.perf_counter() < wall_end:
        step = time.thread_time() - first
        if step > 0:
            return time.thread_time if step < 1e-5 else time.perf_counter
    return time.perf_counter


CLOCK = fine_thread_clock()
BATCH_SECONDS = 0.004      # calls are batched until a timed batch is at least this long
MAX_ELEMENTS = 1 << 21     # input elements held at once (copies for a batch included)
RESOLUTION = 1e-7          # seconds: a call timed below this is timer noise
RECENT_PAIRS = 3           # consecutive sizes whose growth predicts the next


def time_size(fn, make_args, copy, n, rng, cap, keep_input=True):
    """The first reading of size n, and a function that reads it again (None when one call was over the
    cap). Each reading is the minimum over its repeats, and a later reading lowers it further: other
    load comes in bursts (another process, a busy neighbour on the host) that can last longer than one
    reading's repeats, so the second is taken a whole sweep later (see measure). The input is kept for
    the later reading, or made afresh then when keep_input is false (memory)."""
    args = make_args(n, rng)
    size = max(1, n)
    probe = copy(args)
    start = CLOCK()
    fn(*probe)
    once = CLOCK() - start
    # A size predicted too low (timings disturbed by other load) can cost many times the cap per call:
    # one call past the cap is its own measurement, not the first of several.
    if once > cap:
        return once, None
    # A function that leaves its input as it found it can be called on the same input again; one that
    # sorts or empties it gets a fresh copy per call (and smaller batches, to bound memory).
    pure = probe == args
    most = 1 << 16 if pure else max(1, MAX_ELEMENTS // size)
    # Batch size as timeit's autorange finds it: double until a batch takes long enough for the clock
    # (CPU clocks can tick coarsely, as under seccomp on some kernels).
    batch = 1
    while batch < most:
        copies = [probe] * batch if pure else [copy(args) for _ in range(batch)]
        start = CLOCK()
        for a in copies:
            fn(*a)
        if CLOCK() - start >= BATCH_SECONDS:
            break
        batch = min(most, batch * 2)
    if pure:
        args = probe
    best = overhead = math.inf

    def read(repeats):
        nonlocal best, overhead, args
        if args is None:
            args = make_args(n, rng)
        gc.disable()
        try:
            for _ in range(repeats):
                copies = [args] * batch if pure else [copy(args) for _ in range(batch)]
                start = CLOCK()
                for a in copies:
                    fn(*a)
                best = min(best, (CLOCK() - start) / batch)
                # The same loop around a call that does nothing: the timer's and the loop's own cost.
                start = CLOCK()
                for a in copies:
                    _nothing(*a)
                overhead = min(overhead, (CLOCK() - start) / batch)
        finally:
            gc.enable()
        # A disturbed empty loop can read as long as the call itself: the overhead never takes more than
        # half, or a size would read as free and the next one be chosen as if it were.
        return max(best - min(overhead, best / 2), 1e-9)

    first = read(FIRST_REPEATS)
    if not keep_input:
        args = probe = None
    return first, lambda: read(LATER_REPEATS)


def _nothing(*args):
    return None


def next_size(points, cap, limit):
    """The next n: the largest step (doubling at most) whose predicted time stays under cap, predicting both
    polynomial and exponential growth (the larger wins). Timings taken beside other load are noisy, and a
    size can even read faster than a smaller one; a prediction read from one pair could then double n
    for an exponential function. So the prediction starts from the slowest time so far and takes the
    steepest growth of the last few pairs: a function never gets cheaper as n grows."""
    n = points[-1][0]
    if len(points) < 2:
        return min(limit, n * 2)
    t = max(RESOLUTION, *(time for _, time in points))
    slope = 0.0  # polynomial degree: time ~ n^slope
    unit = 1.0   # exponential base: time ~ unit^n
    recent = points[-(RECENT_PAIRS + 1):]
    for (pn, pt), (qn, qt) in zip(recent, recent[1:]):
        pt, qt = max(pt, RESOLUTION), max(qt, RESOLUTION)
        if qn <= pn or qt <= pt:
            continue
        slope = max(slope, math.log(qt / pt) / math.log(qn / pn))
        unit = max(unit, (qt / pt) ** (1 / (qn - pn)))
    candidate = n * 2
    while candidate > n:
        poly = t * (candidate / n) ** slope
        expo = t * unit ** (candidate - n)
        if max(poly, expo) <= cap:
            return min(limit, candidate)
        candidate = n + (candidate - n) // 2
    return None


def measure(fn, make_args, copy, budget, start_n, limit, rng, deadline=math.inf):
    """Sizes and their times: n grows until its share of the CPU budget is spent, a call takes more than
    its share, or the wall clock reaches `deadline` (a perf_counter reading: on a loaded machine CPU
    seconds take longer, and the job's wall limit must not end the measurement with nothing to show).
    Then every size is timed again, smallest first, until the deadline: the two readings of a size are
    a sweep apart, so a burst of other load that slowed a run of sizes the first time is unlikely to
    slow them the second (each size costs about half its first reading again)."""
    cap = budget / 6
    spent = time.process_time()
    points = []
    again = []
    kept = 0  # input elements held for the second sweep
    n = start_n
    stopped = "the size limit"
    while n is not None and n <= limit:
        keep = kept + n <= MAX_ELEMENTS // 2
        kept += n if keep else 0
        t, read_again = time_size(fn, make_args, copy, n, rng, cap, keep)
        points.append((n, t))
        again.append(read_again)
        if time.process_time() - spent > budget * FIRST_SWEEP_SHARE:
            stopped = "the time budget (%.1f s CPU)" % budget
            break
        if time.perf_counter() > deadline:
            stopped = "the wall-clock deadline (a busy machine)"
            break
        if t > cap or n >= limit:
            stopped = "a call taking %.2f s" % t if t > cap else "the size limit"
            break
        step = next_size(points, cap, limit)
        if step is None or step <= n:
            stopped = "the next size predicted to take too long"
            break
        n = step
    for i, read_again in enumerate(again):
        if read_again is None:
            continue
        if time.perf_counter() > deadline:
            break
        points[i] = (points[i][0], read_again())
    return points, stopped
