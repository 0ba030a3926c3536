# attack: run a shell command through subprocess
# expect: blocked
# kernel: runtime_error PermissionError
import subprocess

print(subprocess.run(["/bin/sh", "-c", "echo ESCAPED"], capture_output=True, text=True).stdout)
