# attack: a symlink whose relative target is inside the job dir when read from the cwd but outside from the link's own directory
# expect: blocked
# kernel: runtime_error PermissionError
# kernel-needs: landlock
import os

depth = os.getcwd().count("/")
os.makedirs("x/y/z")
os.symlink("../" * (depth + 3) + "etc/hostname", "x/y/z/link")  # from x/y/z that is /etc/hostname
print("ESCAPED", open("x/y/z/link").read()[:40])
