# attack: allocate until the machine runs out
# expect: memory_limit
# limits: memoryMb=64
hoard = []
while True:
    hoard.append(bytearray(16 * 1024 * 1024))
