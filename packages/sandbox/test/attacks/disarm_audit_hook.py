# attack: find the audit hook through gc and rewrite its policy (its closure's cells) to allow every path, then read the project's files
# expect: blocked
# kernel: runtime_error PermissionError
# kernel-needs: landlock
import gc

patched = 0
for thing in gc.get_objects():
    if type(thing).__name__ == "function" and thing.__code__.co_filename.endswith("audit.py"):
        for cell in thing.__closure__ or ():
            try:
                if isinstance(cell.cell_contents, tuple):
                    cell.cell_contents = ("/",)
                    patched += 1
            except ValueError:
                pass
print("patched", patched)
for path in ["/work/main/package.json", "/etc/hostname"]:
    print("ESCAPED", open(path).read()[:40])
