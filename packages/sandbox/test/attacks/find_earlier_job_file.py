# attack: look for files earlier jobs left next to this job's directory
# expect: blocked
# kernel: runtime_error PermissionError
import os

print(os.listdir(".."))
