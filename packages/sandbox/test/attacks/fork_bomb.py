# attack: fork bomb
# expect: blocked
# kernel: runtime_error PermissionError
import os

while True:
    os.fork()
    print("ESCAPED")
