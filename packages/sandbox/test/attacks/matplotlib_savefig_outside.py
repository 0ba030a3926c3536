# attack: have matplotlib write a file outside the job directory (its savefig opens the path itself)
# expect: blocked
# kernel: runtime_error PermissionError
# kernel-needs: landlock
import matplotlib.pyplot as plt

plt.plot([1, 2, 3])
plt.savefig("/tmp/code-remote-escaped.txt", format="png")
