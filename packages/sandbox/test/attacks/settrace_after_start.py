# attack: install a tracer of our own (it would be handed every frame, the audit hook's included) after the sandbox's one settrace window has closed, then look for the hook's frames through it
# expect: blocked
# kernel: ok
import sys

frames = []


def spy(frame, event, arg):
    frames.append(frame.f_code.co_filename)
    return spy


sys.settrace(spy)
open("main.py", "w").close()  # an audited event: a hook frame would show here if tracing reached it
sys.settrace(None)
if any("audit" in name for name in frames):
    print("ESCAPED: a tracer saw the audit hook's frames")
print("traced", len(frames))
