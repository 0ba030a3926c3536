# attack: fill the disk from inside the job directory
# expect: runtime_error OSError
with open("big.bin", "wb") as big:
    for _ in range(1024):
        big.write(b"\0" * (1024 * 1024))
print("ESCAPED")
