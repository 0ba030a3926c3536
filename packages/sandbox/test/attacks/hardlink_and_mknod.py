# attack: the file calls a job has no use for, which on Lambda only the audit hook would otherwise stop: hard links (to files outside the job dir, or inside), FIFOs and device nodes
# expect: runtime_error PermissionError
# kernel: runtime_error PermissionError
import os

open("mine.txt", "w").write("data")
refused = None
for name, attempt in {
    "link inside": lambda: os.link("mine.txt", "again.txt"),
    "mkfifo": lambda: os.mkfifo("pipe"),
    "mknod char": lambda: os.mknod("null", 0o20666, os.makedev(1, 3)),
}.items():
    try:
        attempt()
        print("ESCAPED:", name)
    except PermissionError as error:
        refused = error
raise refused
