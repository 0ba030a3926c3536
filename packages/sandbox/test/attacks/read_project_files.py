# attack: read the project's source files
# expect: blocked
# kernel: runtime_error PermissionError
# kernel-needs: landlock
import glob

for path in glob.glob("/work/*/package.json") + ["/work/main/package.json"]:
    print(open(path).read())
