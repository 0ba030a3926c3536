# attack: list and read root's home directory
# expect: blocked
# kernel: runtime_error
import os

print(os.listdir("/root"))
print(open("/root/.bash_history").read())
