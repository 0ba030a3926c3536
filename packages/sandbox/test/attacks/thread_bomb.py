# attack: start thousands of threads
# expect: runtime_error RuntimeError
import threading
import time

for _ in range(5000):
    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
print("ESCAPED")
