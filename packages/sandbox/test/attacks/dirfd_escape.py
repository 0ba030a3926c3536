# attack: open a directory as a descriptor and resolve paths from it (dir_fd=): the audit hook's open event does not show dir_fd, so a path that is inside the job relative to the cwd is outside relative to the descriptor
# expect: blocked
# kernel: runtime_error PermissionError
# kernel-needs: landlock
import os

depth = os.getcwd().count("/")
os.makedirs("a/b/c/d/e/f/g/h")
base = os.open(".", os.O_RDONLY | os.O_DIRECTORY)
os.chdir("a/b/c/d/e/f/g/h")
fd = os.open("../" * depth + "etc/hostname", os.O_RDONLY, dir_fd=base)
print("ESCAPED", os.read(fd, 40))
