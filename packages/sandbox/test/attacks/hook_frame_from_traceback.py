# attack: catch a refusal, walk its traceback to the audit hook's own frame, and from its locals rewrite the path check's closure cells to allow everything; then read outside the job dir
# expect: blocked
# kernel: runtime_error PermissionError
# kernel-needs: landlock
import os

try:
    open("/etc/hostname")
except PermissionError as refusal:
    tb = refusal.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        for value in list(frame.f_locals.values()):
            for cell in getattr(value, "__closure__", None) or ():
                try:
                    cell.cell_contents = (lambda *args: os.getcwd()) if callable(cell.cell_contents) else ("/",)
                except ValueError:
                    pass
        tb = tb.tb_next
print("ESCAPED", open("/etc/hostname").read()[:20])
