# attack: read the project's source files
# expect: blocked
import glob

for path in glob.glob("/work/*/package.json") + ["/work/main/package.json"]:
    print(open(path).read())
