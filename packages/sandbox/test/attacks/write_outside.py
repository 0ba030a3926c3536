# attack: write a file outside the job directory for a later job (or the host) to pick up
# expect: blocked
# kernel: runtime_error PermissionError
# kernel-needs: landlock
with open("/tmp/code-remote-escaped.txt", "w") as planted:
    planted.write("ESCAPED")
